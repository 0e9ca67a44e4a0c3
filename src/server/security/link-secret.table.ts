/** One row: the secret links sent by SMS are signed with when LINK_SIGNING_SECRET is not set. */
export interface LinkSecretTable {
  id: number;
  secret: string;
}

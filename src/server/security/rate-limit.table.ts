export interface RateLimitTable {
  key: string;
  hits: number;
  resets_at: Date;
}

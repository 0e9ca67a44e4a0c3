/**
 * "GU-2026-000123": the year, then a number from a database sequence; read out easily on the phone.
 * Its own module so a form that only checks a reference (call me back) loads no procedure catalogue.
 */
export const dossierReferencePattern = /^GU-\d{4}-\d{6,}$/;

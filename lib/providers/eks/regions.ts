/** The AWS regions a connection covers (no SDK code here: the provider definition reads it). */
export const DEFAULT_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"];
const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** "eu-west-1, us-east-1" → the regions a connection covers (default: a few common ones) */
export function parseRegions(text: string | undefined): string[] {
  const list = (text ?? "").split(/[\s,]+/).map((r) => r.trim().toLowerCase()).filter(Boolean);
  return list.length ? [...new Set(list)] : DEFAULT_REGIONS;
}
export const validRegion = (r: string) => REGION_RE.test(r);

/** Browser-safe marks the Kubernetes API kind puts into the shared model (the UI shows them as warnings). */

/** appended to providerStatus when an admin allowed insecure-skip-tls-verify for the connection */
export const INSECURE_TLS_MARK = "TLS not verified (insecure-skip-tls-verify)";

export function hasInsecureTls(providerStatus: string | null | undefined): boolean {
  return !!providerStatus && providerStatus.includes(INSECURE_TLS_MARK);
}

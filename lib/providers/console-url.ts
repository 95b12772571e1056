/** Helpers for the providers' console links (ProviderDefinition.consoleUrl; issue 18 #16). */

/** the lower-cased host of a base URL, or null when it is not a URL */
export function hostOf(baseUrl: string): string | null {
  try {
    return new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** one provider-supplied path segment or query value, URL-encoded */
export const enc = (s: string) => encodeURIComponent(s);

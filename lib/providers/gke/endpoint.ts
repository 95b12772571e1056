/** Google Kubernetes Engine's public API endpoint (no SDK code here: the provider definition reads it). */
export const DEFAULT_ENDPOINT = "https://container.googleapis.com";

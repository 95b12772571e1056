/** The auth/settings components call the API through the one browser fetch wrapper. */
export { apiRequest, ApiRequestError } from "@/components/api-client";

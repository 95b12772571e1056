import type { ConnectionView } from "@/lib/connections/service";
import type { TestReport } from "@/lib/connections/health";

export type { ConnectionView, TestReport };
export type { ProviderDescriptor } from "@/lib/providers/browser-data";

export { apiRequest, ApiRequestError } from "@/components/api-client";


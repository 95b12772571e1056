/** Browser helpers for the operation endpoints. */
export type { OperationSummary, UpgradeOptionsResponse, TimelineEntry } from "@/lib/operations/types";

export { apiRequest, ApiRequestError } from "@/components/api-client";

export { OPERATION_STARTED_EVENT } from "@/components/api-client";

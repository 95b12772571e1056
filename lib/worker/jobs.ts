import type { Job } from "./index";

/** Every background job; each domain adds its job here (one line). */
export async function allJobs(): Promise<Job[]> {
  return [(await import("@/lib/inventory/job")).inventorySyncJob(), (await import("@/lib/operations/job")).operationsJob, (await import("./housekeeping")).housekeepingJob];
}

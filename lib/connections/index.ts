/**
 * Provider connections. The rest of the app gets a ProviderAdapter only through adapterForConnection,
 * and reports provider outcomes through recordConnectionHealth.
 */
export { adapterForConnection, adapterFor, providerHttpOptions, ConnectionNotFoundError, type AdapterOptions, type ConnectionRowForAdapter } from "./adapter";
export { recordConnectionHealth, describeTestResult, type TestOutcome, type TestReport } from "./health";
export {
  listConnections,
  getConnection,
  createConnection,
  updateConnection,
  deleteConnection,
  deletionImpact,
  testConnection,
  testSettings,
  createConnectionSchema,
  updateConnectionSchema,
  type ConnectionView,
} from "./service";
export { createDemoConnections, demoAvailable, demoOffered, hasDemoConnections, startDemoSimulators, runningSimulators } from "./demo";
export { allowProviderHosts, checkProviderUrl, validateBaseUrl, blockedReason, OutboundBlockedError } from "./outbound";
export { providerDescriptors, type ProviderDescriptor } from "@/lib/providers/browser-data";

/** DescribeClusterVersions (GET /cluster-versions): EKS's version catalogue, newest first (docs/providers/eks.md §4) */
import { defaultVersion, EKS_VERSIONS, versionStatus } from "../catalog";
import { epoch } from "../wire";
import { type EksRoute, listed } from "./shared";

const day = (date: string) => epoch(Date.parse(`${date}T00:00:00Z`));

export const describeClusterVersions: EksRoute = (state, req) => {
  const now = state.now();
  const includeAll = req.query.get("includeAll") === "true";
  const wanted = req.query.getAll("clusterVersions");
  const vs = req.query.get("versionStatus");
  const dflt = defaultVersion(now).version;
  const rows = EKS_VERSIONS.map((v) => {
    const status = versionStatus(v, now);
    return {
      clusterVersion: v.version,
      clusterType: "eks",
      defaultPlatformVersion: v.platform,
      defaultVersion: v.version === dflt,
      releaseDate: day(v.release),
      endOfStandardSupportDate: day(v.endOfStandard),
      endOfExtendedSupportDate: day(v.endOfExtended),
      status: status === "STANDARD_SUPPORT" ? "standard-support" : status === "EXTENDED_SUPPORT" ? "extended-support" : "unsupported",
      versionStatus: status,
      kubernetesPatchVersion: v.patch,
    };
  })
    .filter((v) => includeAll || v.versionStatus !== "UNSUPPORTED")
    .filter((v) => !wanted.length || wanted.includes(v.clusterVersion))
    .filter((v) => !vs || v.versionStatus === vs)
    .reverse();
  return listed("clusterVersions", rows, req);
};

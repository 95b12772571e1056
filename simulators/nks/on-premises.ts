/**
 * GET /meta/on-premises-config: the configurations NKS hands to its NetApp HCI (vSphere) on-premises
 * installer, one entry per installer version and patch, in the shape the SDK's OnPremisesConfig struct
 * reads: `{name, filters: {version, patch}, config}` (SDK nks/on_premises_config.go, the same envelope
 * as /meta/provider-instances). `config` carries the installer's own document, whose field names are
 * those of the SDK's recorded config (SDK-mock onpremisesconfig.json); values here are our own and no
 * credentials are served. `?version=vX.Y` filters by installer version; the SDK picks the highest patch.
 * docs/providers/nks.md §2.1.
 */

interface OnPremRelease {
  version: string;
  patch: number;
  k8s: string;
  helmChart: string;
  ova: string;
}

const RELEASES: OnPremRelease[] = [
  { version: "v1.1", patch: 0, k8s: "1.13.5", helmChart: "nks-on-prem-deploy-1.4.0", ova: "1.0" },
  { version: "v1.1", patch: 1, k8s: "1.13.7", helmChart: "nks-on-prem-deploy-1.4.2", ova: "1.0" },
  { version: "v1.2", patch: 0, k8s: "1.14.3", helmChart: "nks-on-prem-deploy-1.6.0", ova: "1.0" },
  { version: "v1.2", patch: 1, k8s: "1.14.3", helmChart: "nks-on-prem-deploy-1.6.1", ova: "1.0" },
  { version: "v1.2", patch: 2, k8s: "1.14.6", helmChart: "nks-on-prem-deploy-1.6.3", ova: "1.1" },
];

function configDocument(r: OnPremRelease) {
  return {
    Provider: "hci", VCenterURL: "", VCenterUser: "", VCenterPassword: "", DatacenterID: "", ResourcePoolID: "", DatastoreID: "",
    ManagementNetworkID: "", WorkloadNetworkID: "", StorageNetworkID: "", RegionName: "", OrganizationID: "", CloudCentralKey: "",
    Solidfire: { Enable: false, MVIP: "", SVIP: "", User: "", Password: "" },
    IPAM: {
      Provider: "DHCP",
      MNodeIPService: { IP: "", Path: "ip", Version: "v1", AuthHostURL: "", AuthSecret: "", TLSInsecure: false },
      InfobloxIPService: { Host: "", Port: "", User: "", Password: "", Version: "", NetworkCIDR: "", Gateway: "", DNSServer: "", DNSSuffix: "" },
    },
    Configuration: {
      NKSAPIEndpoint: "https://api.nks.netapp.io",
      Cluster: { Name: "", MasterCount: 3, MasterSize: "M", WorkerCount: 3, WorkerSize: "L", KubernetesVersion: r.k8s, KubernetesPodCidr: "192.168.0.0/16", KubernetesServiceCidr: "10.96.0.0/12" },
      Components: { NKSHelmChart: r.helmChart },
      OVA: { NodeTemplate: `NKS-Template-Node-${r.ova}`, LoadbalancerTemplate: `NKS-Template-Loadbalancer-${r.ova}`, LoadbalancerTemplateVersion: r.ova },
    },
  };
}

export function onPremisesConfigs(version: string | null) {
  return RELEASES.filter((r) => version === null || r.version === version).map((r) => ({ name: "on-premises-config", filters: { version: r.version, patch: r.patch }, config: configDocument(r) }));
}

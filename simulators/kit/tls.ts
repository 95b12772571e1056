/**
 * TLS for simulators whose official SDK insists on https (Azure's bearer-token policy, MSAL's
 * authority, the Kubernetes client with a cluster CA): one private certificate authority and a
 * server certificate it signs for the loopback names. The CA certificate (never its key) is what
 * the demo and the tests trust, per connection; nothing here touches Node's global trust store.
 *
 * With `dir`, the material is kept there (key files mode 0600) and reused while valid, so a demo
 * connection saved with the CA keeps working across restarts; without it, it lives in memory for
 * the process (tests).
 */
import { generateKeyPairSync, randomBytes, X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import forge from "node-forge";

export interface SimulatorTls {
  /** PEM of the certificate authority to trust */
  ca: string;
  /** PEM of the server certificate (signed by `ca`) and its key, for https.createServer */
  cert: string;
  key: string;
  /** names and addresses the server certificate is valid for */
  hosts: string[];
}

const DEFAULT_HOSTS = ["localhost", "127.0.0.1", "::1"];
const VALID_DAYS = 825;
let memo: SimulatorTls | undefined;

/** The simulators' TLS material: loaded from `dir` when present and still valid, else made anew. */
export function simulatorTls(opts: { dir?: string; hosts?: string[] } = {}): SimulatorTls {
  const hosts = [...new Set([...DEFAULT_HOSTS, ...(opts.hosts ?? [])])];
  if (!opts.dir) {
    if (memo && hosts.every((h) => memo!.hosts.includes(h))) return memo;
    memo = generate(hosts);
    return memo;
  }
  // the folder is the operator's DATA_DIR, not part of the app: kept out of the build's file tracing
  const dir = path.resolve(/* turbopackIgnore: true */ opts.dir);
  const files = { ca: path.join(/* turbopackIgnore: true */ dir, "sim-ca.pem"), cert: path.join(/* turbopackIgnore: true */ dir, "sim-server.pem"), key: path.join(/* turbopackIgnore: true */ dir, "sim-server.key"), hosts: path.join(/* turbopackIgnore: true */ dir, "sim-hosts.json") };
  if (existsSync(/* turbopackIgnore: true */ files.ca) && existsSync(/* turbopackIgnore: true */ files.cert) && existsSync(/* turbopackIgnore: true */ files.key) && existsSync(/* turbopackIgnore: true */ files.hosts)) {
    try {
      const loaded: SimulatorTls = { ca: readFileSync(/* turbopackIgnore: true */ files.ca, "utf8"), cert: readFileSync(/* turbopackIgnore: true */ files.cert, "utf8"), key: readFileSync(/* turbopackIgnore: true */ files.key, "utf8"), hosts: JSON.parse(readFileSync(/* turbopackIgnore: true */ files.hosts, "utf8")) };
      const leaf = new X509Certificate(loaded.cert);
      const fresh = Date.parse(leaf.validTo) - Date.now() > 30 * 86_400_000;
      if (fresh && hosts.every((h) => loaded.hosts.includes(h)) && leaf.verify(new X509Certificate(loaded.ca).publicKey)) return loaded;
    } catch {
      // unreadable or foreign material: made anew below
    }
  }
  const made = generate(hosts);
  mkdirSync(/* turbopackIgnore: true */ dir, { recursive: true });
  writeFileSync(/* turbopackIgnore: true */ files.ca, made.ca);
  writeFileSync(/* turbopackIgnore: true */ files.cert, made.cert);
  writeFileSync(/* turbopackIgnore: true */ files.key, made.key, { mode: 0o600 });
  chmodSync(/* turbopackIgnore: true */ files.key, 0o600);
  writeFileSync(/* turbopackIgnore: true */ files.hosts, JSON.stringify(made.hosts));
  return made;
}

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }).toString()),
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString()),
  };
}

function serial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f; // positive
  return b.toString("hex");
}

function generate(hosts: string[]): SimulatorTls {
  const notBefore = new Date(Date.now() - 60 * 60_000);
  const notAfter = new Date(Date.now() + VALID_DAYS * 86_400_000);

  const caKeys = keyPair();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = notAfter;
  const caName = [{ name: "commonName", value: "Clusterdeck simulators CA" }, { name: "organizationName", value: "Clusterdeck (local simulators)" }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const leafKeys = keyPair();
  const leaf = forge.pki.createCertificate();
  leaf.publicKey = leafKeys.publicKey;
  leaf.serialNumber = serial();
  leaf.validity.notBefore = notBefore;
  leaf.validity.notAfter = notAfter;
  leaf.setSubject([{ name: "commonName", value: hosts[0] }]);
  leaf.setIssuer(caName);
  const ip = /^[\d.]+$|:/;
  leaf.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames: hosts.map((h) => (ip.test(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
    { name: "authorityKeyIdentifier", keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  leaf.sign(caKeys.privateKey, forge.md.sha256.create());

  return { ca: forge.pki.certificateToPem(ca), cert: forge.pki.certificateToPem(leaf), key: forge.pki.privateKeyToPem(leafKeys.privateKey), hosts };
}

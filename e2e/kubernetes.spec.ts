/**
 * Kubernetes API connections end to end (issue 17): in Chromium, a kubeconfig with an exec plugin is
 * refused with the reason; a kubeconfig FILE (uploaded) for the simulated API servers (TLS, their
 * CA as certificate-authority-data) adds a connection whose contexts appear in the inventory with
 * version, nodes and warnings, and on the cluster page ("managed outside Clusterdeck", nodes table,
 * warning events). No response the browser received contains the token.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { baseURL, signInAsOwner } from "./support/auth";
import { APP_PORTS, SIM_PORT_BASES } from "./support/oidc-constants";

const TOKEN = `e2e-k8s-token-${randomBytes(12).toString("hex")}`;

/** the Kubernetes simulator of this project's server (playwright.config.ts simPorts: base + 8; E2E_PORT_BASE moves both) */
function simulatorUrl(): string {
  const port = Number(new URL(baseURL()).port);
  return `https://127.0.0.1:${SIM_PORT_BASES[port === APP_PORTS[1] ? 1 : 0] + 8}`;
}

/** the simulators' CA the demo server made in its data folder (simulators/kit/tls.ts) */
function simulatorCa(): string {
  // the PostgreSQL project's server keeps its data folder inside the pglite one (playwright.config.ts)
  const dataDir = test.info().project.name === "postgres" ? path.join(process.env.E2E_DATA_DIR ?? "", "postgres-server") : (process.env.E2E_DATA_DIR ?? "");
  const file = path.join(dataDir, "simulators-tls", "sim-ca.pem");
  expect(existsSync(file), `the demo server keeps its simulators' CA in ${file}`).toBe(true);
  return readFileSync(file, "utf8");
}

function simAdmin(url: string, ca: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${url}/__sim/tokens`, { method: "POST", ca, headers: { "Content-Type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

function kubeconfig(server: string, ca: string, user: string): string {
  const caData = Buffer.from(ca).toString("base64");
  const clusters = ["prod-east", "staging", "edge-k3s"];
  return [
    "apiVersion: v1",
    "kind: Config",
    "current-context: prod-east",
    "clusters:",
    ...clusters.flatMap((c) => [`- name: ${c}`, "  cluster:", `    server: ${server}/clusters/${c}`, `    certificate-authority-data: ${caData}`]),
    "users:",
    `- name: reader`,
    "  user:",
    user,
    "contexts:",
    ...clusters.flatMap((c) => [`- name: ${c}`, "  context:", `    cluster: ${c}`, "    user: reader"]),
    "",
  ].join("\n");
}

function recordResponses(page: Page): string[] {
  const bodies: string[] = [];
  page.on("response", async (res) => {
    try {
      bodies.push(await res.text());
    } catch {
      /* redirects and aborted responses have no body */
    }
  });
  return bodies;
}

test("Kubernetes API: exec kubeconfig refused; kubeconfig file upload → clusters with version, nodes and warnings", async ({ page }, info) => {
  test.setTimeout(120_000);
  const bodies = recordResponses(page);
  await signInAsOwner(page);
  const sim = simulatorUrl();
  const ca = simulatorCa();
  expect(await simAdmin(sim, ca, { token: TOKEN, access: "full" })).toBe(200);

  const execFile = info.outputPath("exec-kubeconfig.yaml");
  writeFileSync(execFile, kubeconfig(sim, ca, "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, prod]"));
  const goodFile = info.outputPath("kubeconfig.yaml");
  writeFileSync(goodFile, kubeconfig(sim, ca, `    token: ${TOKEN}`));
  const name = `Kubeconfig ${randomBytes(3).toString("hex")}`;

  await page.goto("/connections/new");
  await page.getByRole("radio", { name: /Kubernetes API/ }).check();
  await page.getByLabel("Name", { exact: true }).fill(name);

  // an exec plugin: refused, saying why and what to do instead
  await page.getByLabel("Kubeconfig file").setInputFiles(execFile);
  await expect(page.locator("#conn-cred-kubeconfig")).toHaveValue(/command: aws/);
  await page.getByRole("button", { name: "Test and add connection" }).click();
  await expect(page.getByText(/uses an exec plugin\. Clusterdeck never runs commands from a kubeconfig/)).toBeVisible();
  await expect(page.getByText(/read-only service account/).first()).toBeVisible();
  await expect(page).toHaveURL(/\/connections\/new/);

  // the real file: tested, added
  await page.getByLabel("Kubeconfig file").setInputFiles(goodFile);
  await expect(page.locator("#conn-cred-kubeconfig")).toHaveValue(/prod-east/);
  // the user picks contexts from the file (none ticked = all)
  const picker = page.getByRole("group", { name: "Contexts to read" });
  for (const c of ["prod-east", "staging", "edge-k3s"]) await expect(picker.getByRole("checkbox", { name: c })).not.toBeChecked();
  await page.getByRole("button", { name: "Test and add connection" }).click();
  await expect(page).toHaveURL(/\/connections\/c[0-9a-f]+\?added=1/, { timeout: 30_000 });
  const connectionId = /\/connections\/(c[0-9a-f]+)/.exec(page.url())![1];

  // the inventory: every context a cluster, with version and nodes (the sync runs in the background)
  await expect(async () => {
    const r = await page.request.get(`/api/v1/clusters?connection=${connectionId}`);
    expect(((await r.json()) as { items: unknown[] }).items).toHaveLength(3);
  }).toPass({ timeout: 45_000 });
  await page.goto(`/clusters?connection=${connectionId}`);
  const row = (n: string) => page.locator(`tbody tr[data-cluster="${n}"]`);
  await expect(row("prod-east")).toContainText("1.34.2");
  await expect(row("prod-east")).toContainText("11");
  await expect(row("staging")).toContainText("1.32.9");
  await expect(row("edge-k3s")).toContainText("1.33.5");
  await expect(row("prod-east")).toContainText("Kubernetes API");

  // a cluster page: managed outside Clusterdeck, nodes with readiness and versions, warning events
  await row("staging").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("staging");
  await expect(page.getByTestId("managed-outside")).toContainText("Managed outside Clusterdeck");
  await expect(page.getByRole("link", { name: "Upgrade" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Delete" })).toHaveCount(0);
  await expect(page.getByTestId("kube-nodes")).toContainText("3 of 5");
  const nodes = page.getByTestId("kube-nodes-table");
  await expect(nodes.locator('tr[data-ready="false"]')).toHaveCount(2);
  await expect(nodes).toContainText("v1.32.9");
  const warnings = page.getByTestId("kube-warnings");
  await expect(warnings).toContainText("Warning events (64)");
  await expect(warnings.locator("li[data-warning]")).toHaveCount(5);
  // hostile event text is shown as text
  expect(await page.locator("img[src=x]").count()).toBe(0);

  // the skewed cluster shows its kubelets behind
  await page.goto(`/clusters?connection=${connectionId}`);
  await row("edge-k3s").getByRole("link").first().click();
  await expect(page.getByTestId("kube-skew")).toContainText("3 minors behind");

  // the token never reached the browser
  for (const b of bodies) expect(b).not.toContain(TOKEN);
});

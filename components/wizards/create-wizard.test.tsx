// @vitest-environment happy-dom
/**
 * The create wizard's steps in a browser-like DOM: the first step refuses to go on without a
 * connection and scope; the provider's steps (CoreWeave's real CreateSchema) validate their own
 * fields before moving on, keep values when going back, and the scope field follows the scope chosen.
 * Only the network is stubbed (the option lists the API would answer) and Next's router.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CreateWizard, type WizardConnectionOption } from "./create-wizard";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn(), refresh: vi.fn() }) }));

const connections: WizardConnectionOption[] = [
  { id: "c1", name: "CoreWeave prod", provider: "coreweave", providerName: "CoreWeave", scopeLabel: "Zone", defaultScope: null, demo: true },
  { id: "c2", name: "CoreWeave lab", provider: "coreweave", providerName: "CoreWeave", scopeLabel: "Zone", defaultScope: null, demo: false },
];

const OPTIONS: Record<string, { value: string; label: string }[]> = {
  scopes: [
    { value: "US-EAST-04A", label: "US-EAST-04A" },
    { value: "US-WEST-01A", label: "US-WEST-01A" },
  ],
  versions: [{ value: "1.35", label: "1.35" }],
};
// the zone field lists the same zones (a chosen value its options lack is cleared as stale)
OPTIONS.zones = OPTIONS.scopes;

beforeEach(() => {
  sessionStorage.clear();
  vi.stubGlobal("fetch", async (url: string) => {
    const source = /\/options\/([^?]+)/.exec(String(url))?.[1] ?? "";
    return new Response(JSON.stringify({ items: OPTIONS[source] ?? [] }), { status: 200, headers: { "content-type": "application/json" } });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderWizard() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <CreateWizard connections={connections} />
    </QueryClientProvider>,
  );
}

const next = () => fireEvent.click(screen.getByRole("button", { name: "Next" }));
const currentStep = () => screen.getByRole("list", { name: "Steps" }).querySelector('[aria-current="step"]')?.textContent;

describe("create wizard steps", () => {
  it("the first step names what is missing and does not go on without a connection and a zone", async () => {
    renderWizard();
    await screen.findByLabelText(/Connection/);
    next();
    expect((await screen.findByRole("alert")).textContent).toBe("choose a connection");
    expect(currentStep()).toBe("1. Connection");

    fireEvent.change(screen.getByLabelText(/Connection/), { target: { value: "c1" } });
    const zone = await screen.findByLabelText(/^Zone/);
    await waitFor(() => expect(zone.querySelectorAll("option")).toHaveLength(3));
    next();
    expect((await screen.findByRole("alert")).textContent).toBe("choose a zone");
    expect(currentStep()).toBe("1. Connection");
  });

  it("a provider step validates its fields before moving on; Back keeps the values; the zone comes from the first step", async () => {
    renderWizard();
    fireEvent.change(await screen.findByLabelText(/Connection/), { target: { value: "c1" } });
    const zone = await screen.findByLabelText(/^Zone/);
    await waitFor(() => expect(zone.querySelectorAll("option")).toHaveLength(3));
    fireEvent.change(zone, { target: { value: "US-WEST-01A" } });
    next();

    // the provider's first step
    await screen.findByRole("heading", { level: 2, name: "Cluster" });
    expect(currentStep()).toBe("2. Cluster");
    expect(screen.getByText(/Zone US-WEST-01A/)).toBeTruthy();
    next();
    // an empty required field is refused (today with zod's generic "expected string" text: the cleaned body leaves it out)
    await waitFor(() => expect(screen.getByLabelText(/Cluster name/).getAttribute("aria-invalid")).toBe("true"));
    expect(currentStep()).toBe("2. Cluster");

    fireEvent.change(screen.getByLabelText(/Cluster name/), { target: { value: "Bad_Name" } });
    next();
    expect(await screen.findByText(/lower-case letters, digits and hyphens/)).toBeTruthy();
    expect(currentStep()).toBe("2. Cluster");

    fireEvent.change(screen.getByLabelText(/Cluster name/), { target: { value: "prod-1" } });
    const version = screen.getByLabelText(/Kubernetes version/);
    await waitFor(() => expect([...version.querySelectorAll("option")].map((o) => o.getAttribute("value"))).toContain("1.35"));
    fireEvent.change(version, { target: { value: "1.35" } });
    next();
    await waitFor(() => expect(currentStep()).toBe("3. Network"), { timeout: 5000 });

    fireEvent.click(screen.getByRole("button", { name: "Back" }));
    await waitFor(() => expect(currentStep()).toBe("2. Cluster"));
    expect((screen.getByLabelText(/Cluster name/) as HTMLInputElement).value).toBe("prod-1");
  });
});

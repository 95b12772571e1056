/**
 * Validates a rendered manifest against the Kubernetes object schema of its apiVersion and kind
 * (the OpenAPI schemas of the `kubernetes-models` package). Throws naming the object and the problem.
 */
export async function validateManifest(doc: Record<string, unknown>): Promise<void> {
  const apiVersion = String(doc.apiVersion ?? "");
  const kind = String(doc.kind ?? "");
  const name = (doc.metadata as { name?: string } | undefined)?.name ?? "(unnamed)";
  if (!apiVersion || !kind) throw new Error(`${name}: apiVersion and kind are required`);
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ `kubernetes-models/${group ? `${group}/` : ""}${version}`)) as Record<string, unknown>;
  } catch {
    throw new Error(`${kind} ${name}: no schema for apiVersion ${apiVersion}`);
  }
  const Model = mod[kind] as (new (data: unknown) => { validate(): void }) | undefined;
  if (typeof Model !== "function") throw new Error(`${kind} ${name}: no schema for ${kind} in ${apiVersion}`);
  try {
    new Model(doc).validate();
  } catch (e) {
    throw new Error(`${kind} ${name} does not match the Kubernetes schema: ${(e as Error).message}`);
  }
}

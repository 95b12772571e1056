import { fieldErrors, notFound } from "../errors";
import type { SimOrg } from "../model";
import { isoMicro } from "../state";
import { isObject, type FieldErrors } from "../validate";
import { keysetView } from "../views";
import { checkKey } from "../keys";
import { noContent, ok, pk, type RouteKit } from "./kit";

/** Keysets (provider credentials, SSH keys, ...) of an organization. */
export function keysetRoutes(k: RouteKit) {
  const { r, st, inOrg, withBody } = k;
  r.get("/orgs/:org/keysets", inOrg(({ org }) => ok([...st.keysets.values()].filter((k) => k.org === org.pk).map(keysetView))));
  r.post("/orgs/:org/keysets", inOrg(({ req, org, user }) =>
    withBody(req, (b) => {
      const errors: FieldErrors = {};
      const name = typeof b.name === "string" && b.name ? b.name : undefined;
      if (!name) errors.name = ["This field is required."];
      const category = typeof b.category === "string" ? b.category : undefined;
      if (!category) errors.category = ["This field is required."];
      else if (!["provider", "solution", "storage", "vcs", "user_ssh"].includes(category)) errors.category = [`"${category}" is not a valid choice.`];
      const entity = typeof b.entity === "string" ? b.entity : "";
      const keys = Array.isArray(b.keys) ? b.keys : [];
      if (!keys.length) errors.keys = ["This field is required."];
      const fingerprints: string[] = [];
      for (const k of keys) {
        const checked = isObject(k) ? checkKey(category ?? "", k.key_type, k.key) : { error: "Each key must be an object with key_type and key." };
        if ("error" in checked) {
          errors.keys = [checked.error];
          break;
        }
        fingerprints.push(checked.fingerprint);
      }
      if (name && [...st.keysets.values()].some((k) => k.org === org.pk && k.name === name && k.category === category && k.entity === entity)) errors.name = ["A keyset with this name already exists."];
      if (Object.keys(errors).length) return fieldErrors(errors);
      const ksPk = st.nextId("keyset", 12);
      const ks = {
        pk: ksPk, name: name!, category: category!, entity, org: org.pk, workspaces: Array.isArray(b.workspaces) ? (b.workspaces as number[]) : [], user, is_default: b.is_default === true,
        keys: keys.map((k, i) => ({ pk: st.nextId("key", 30), keyset: ksPk, key_type: String((k as Record<string, unknown>).key_type), fingerprint: fingerprints[i], user })), created: isoMicro(st.now()),
      };
      st.keysets.set(ks.pk, ks);
      return ok(keysetView(ks), 201);
    })));
  const keysetIn = (org: SimOrg, id: string) => {
    const k = st.keysets.get(pk(id) ?? -1);
    return k && k.org === org.pk ? k : undefined;
  };
  r.get("/orgs/:org/keysets/:ks", inOrg(({ req, org }) => {
    const k = keysetIn(org, req.params.ks);
    return k ? ok(keysetView(k)) : notFound();
  }));
  r.patch("/orgs/:org/keysets/:ks", inOrg(({ req, org }) => {
    const k = keysetIn(org, req.params.ks);
    if (!k) return notFound();
    return withBody(req, (b) => {
      if (typeof b.name === "string" && b.name) k.name = b.name;
      if (typeof b.is_default === "boolean") k.is_default = b.is_default;
      return ok(keysetView(k));
    });
  }));
  r.delete("/orgs/:org/keysets/:ks", inOrg(({ req, org }) => {
    const k = keysetIn(org, req.params.ks);
    if (!k) return notFound();
    st.keysets.delete(k.pk);
    return noContent();
  }));
}

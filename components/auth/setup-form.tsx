"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "./api";
import { Notice } from "./auth-card";

export function SetupForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        if (f.get("password") !== f.get("confirm")) {
          setError("The two passwords differ.");
          return;
        }
        setBusy(true);
        setError(null);
        try {
          await callApi("/api/setup", { method: "POST", body: { teamName: f.get("teamName"), name: f.get("name") || undefined, email: f.get("email"), password: f.get("password") } });
          router.replace("/");
          router.refresh();
        } catch (err) {
          setError((err as Error).message);
          setBusy(false);
        }
      }}
    >
      {error && <Notice kind="error">{error}</Notice>}
      <div>
        <label className="label" htmlFor="teamName">
          Team name
        </label>
        <input className="input" id="teamName" name="teamName" defaultValue="Default" required maxLength={100} />
      </div>
      <div>
        <label className="label" htmlFor="name">
          Your name
        </label>
        <input className="input" id="name" name="name" autoComplete="name" maxLength={200} />
      </div>
      <div>
        <label className="label" htmlFor="email">
          Email
        </label>
        <input className="input" id="email" name="email" type="email" autoComplete="username" required />
      </div>
      <div>
        <label className="label" htmlFor="password">
          Password (at least 12 characters)
        </label>
        <input className="input" id="password" name="password" type="password" autoComplete="new-password" minLength={12} required />
      </div>
      <div>
        <label className="label" htmlFor="confirm">
          Repeat the password
        </label>
        <input className="input" id="confirm" name="confirm" type="password" autoComplete="new-password" minLength={12} required />
      </div>
      <button className="btn-primary w-full" type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create owner account"}
      </button>
    </form>
  );
}

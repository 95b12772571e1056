"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { apiRequest } from "./api";

/** Name, password and its repetition: the fields of every form that creates a local account. */
export function NewAccountFields() {
  return (
    <>
      <div>
        <label className="label" htmlFor="name">
          Your name
        </label>
        <input className="input" id="name" name="name" autoComplete="name" maxLength={200} />
      </div>
      <div>
        <label className="label" htmlFor="password">
          Password (at least {MIN_PASSWORD_LENGTH} characters)
        </label>
        <input className="input" id="password" name="password" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required />
      </div>
      <div>
        <label className="label" htmlFor="confirm">
          Repeat the password
        </label>
        <input className="input" id="confirm" name="confirm" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required />
      </div>
    </>
  );
}

/**
 * Submitting a form that creates an account and signs it in: checks the repeated password, posts
 * `body(form)` to `url`, then opens the app (the answer set the session cookie).
 */
export function useCreateAccount(url: string, body: (f: FormData) => Record<string, unknown>) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if (f.get("password") !== f.get("confirm")) {
      setError("The two passwords differ.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiRequest(url, { method: "POST", body: { ...body(f), name: f.get("name") || undefined, password: f.get("password") } });
      router.replace("/");
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return { error, busy, onSubmit };
}

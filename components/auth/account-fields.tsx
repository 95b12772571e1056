import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";

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

/** the same check in every such form before anything is sent */
export function passwordsDiffer(f: FormData): boolean {
  return f.get("password") !== f.get("confirm");
}

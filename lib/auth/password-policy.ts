/** The password rules, free of server imports so that forms in the browser check the same ones. */
export const MIN_PASSWORD_LENGTH = 12;

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 1024) return "must be at most 1024 characters";
  return null;
}

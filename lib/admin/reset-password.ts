import { setPassword } from "@/lib/auth/users";
import { clearFailures, accountKey } from "@/lib/auth/rate-limit";
import { required, type AdminCommand } from "./types";

const command: AdminCommand = {
  description: "set a user's password (ends their sessions, revokes their API tokens, lifts a sign-in lock)",
  usage: "--email <email> --password <new password>",
  async run(args) {
    const email = required(args, "email");
    const r = await setPassword(email, required(args, "password"), { actorEmail: "admin-cli" });
    await clearFailures(accountKey(email));
    args.print(`password of ${email} reset; ${r.sessions} session(s) ended, ${r.tokens} API token(s) revoked`);
  },
};
export default command;

import { setUserDisabled } from "@/lib/auth/users";
import { required, type AdminCommand } from "./types";

const command: AdminCommand = {
  description: "disable a user (ends their sessions, revokes their API tokens); --enable lets them sign in again",
  usage: "--email <email> [--enable]",
  async run(args) {
    const email = required(args, "email");
    const enable = args.flags.enable === true || args.flags.enable === "true";
    const r = await setUserDisabled(email, !enable, { actorEmail: "admin-cli" });
    args.print(enable ? `${email} may sign in again (earlier sessions and tokens stay ended)` : `${email} disabled; ${r.sessions} session(s) ended, ${r.tokens} API token(s) revoked`);
  },
};
export default command;

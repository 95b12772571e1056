import { ROLES, type Role } from "@/lib/auth/roles";
import { createLocalUser } from "@/lib/auth/users";
import { optional, required, UsageError, type AdminCommand } from "./types";

const command: AdminCommand = {
  description: "create a user with a password (or add an existing user to a team)",
  usage: "--email <email> [--password <password>] [--name <name>] [--team <team name, default: Default>] [--role owner|admin|operator|viewer, default: viewer]",
  async run(args) {
    const email = required(args, "email");
    const role = (optional(args, "role") ?? "viewer") as Role;
    if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
    const r = await createLocalUser(
      { email, password: optional(args, "password"), name: optional(args, "name"), team: optional(args, "team") ?? "Default", role },
      { actorEmail: "admin-cli" },
    );
    args.print(`${r.created ? "created" : "updated"} ${email}: ${role} of team "${r.teamName}"`);
  },
};
export default command;

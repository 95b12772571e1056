import { notFound } from "@/lib/api/errors";
import { createToken } from "@/lib/auth/tokens";
import { getPrisma } from "@/lib/db/client";
import { optional, required, UsageError, type AdminCommand } from "./types";

const command: AdminCommand = {
  description: "create a personal API token for a user (printed alone on the last line)",
  usage: "--email <email> --name <token name> [--expires-days <days>] [--team <team name, default: the user's current team>]",
  async run(args) {
    const email = required(args, "email").trim().toLowerCase();
    const name = required(args, "name");
    const daysText = optional(args, "expires-days");
    const days = daysText ? Number(daysText) : null;
    if (days !== null && (!Number.isInteger(days) || days < 1)) throw new UsageError("--expires-days must be a whole number of days ≥ 1");
    const prisma = getPrisma();
    const user = await prisma.user.findUnique({ where: { email }, include: { memberships: { include: { team: true }, orderBy: { createdAt: "asc" } } } });
    if (!user) throw notFound(`user ${email}`);
    const teamName = optional(args, "team");
    const m = teamName
      ? user.memberships.find((x) => x.team.name.toLowerCase() === teamName.toLowerCase())
      : (user.memberships.find((x) => x.teamId === user.currentTeamId) ?? user.memberships[0]);
    if (!m) throw new UsageError(teamName ? `${email} is not a member of team "${teamName}"` : `${email} is not a member of any team`);
    const t = await createToken({ userId: user.id, teamId: m.teamId, name, expiresInDays: days }, { actorId: user.id, actorEmail: "admin-cli" });
    args.print(`token "${name}" for ${email} in team "${m.team.name}" (${m.role})${t.expiresAt ? `, expires ${t.expiresAt.toISOString()}` : ""}:`);
    args.print(t.token);
  },
};
export default command;

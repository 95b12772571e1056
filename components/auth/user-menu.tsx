"use client";

import { LazyMenu } from "@/components/ui/lazy-menu";

export interface UserMenuProps {
  name: string | null;
  email: string;
  role: string;
  currentTeamId: string;
  teams: { id: string; name: string; role: string }[];
}

const load = () => import("./user-menu-content").then((m) => m.UserMenuContent);

/** The account menu in the header (profile, team switch, settings, sign out); its menu code loads on first use. */
export function UserMenu(props: UserMenuProps) {
  const { name, email, currentTeamId, teams } = props;
  const current = teams.find((t) => t.id === currentTeamId);
  return (
    <LazyMenu
      load={load}
      props={props}
      trigger={
        <button type="button" className="btn-secondary max-w-28 sm:max-w-56" aria-label={`Account: ${name ?? email}`}>
          <span className="truncate">{name ?? email}</span>
          <span className="hidden text-xs text-slate-500 sm:inline">· {current?.name}</span>
        </button>
      }
    />
  );
}

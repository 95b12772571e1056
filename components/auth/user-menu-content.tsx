"use client";

/** The account menu's Radix part (loaded by user-menu.tsx on first use). */
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type ReactElement } from "react";
import { apiRequest } from "./api";
import type { UserMenuProps } from "./user-menu";

const item = "flex cursor-pointer select-none items-center justify-between gap-3 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800";

export function UserMenuContent({ name, email, role, currentTeamId, teams, trigger, defaultOpen }: UserMenuProps & { trigger: ReactElement; defaultOpen: boolean }) {
  const router = useRouter();
  const signOutForm = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<string | null>(null);
  const current = teams.find((t) => t.id === currentTeamId);
  return (
    <>
      <form ref={signOutForm} method="post" action="/api/auth/logout" className="hidden" />
      <DropdownMenu.Root defaultOpen={defaultOpen}>
        <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-64 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900">
            <div className="px-2 py-1.5">
              <div className="text-sm font-medium">{name ?? email}</div>
              <div className="text-xs text-slate-500">{email}</div>
              <div className="mt-1 text-xs text-slate-500" data-testid="current-role">
                {current?.name} · {role}
              </div>
            </div>
            <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
            {teams.length > 1 && (
              <>
                <DropdownMenu.Label className="px-2 py-1 text-xs font-semibold uppercase text-slate-500">Switch team</DropdownMenu.Label>
                <DropdownMenu.RadioGroup
                  value={currentTeamId}
                  onValueChange={async (teamId) => {
                    try {
                      await apiRequest("/api/v1/me/team", { method: "PUT", body: { teamId } });
                      router.refresh();
                    } catch (e) {
                      setError((e as Error).message);
                    }
                  }}
                >
                  {teams.map((t) => (
                    <DropdownMenu.RadioItem key={t.id} value={t.id} className={item}>
                      <span>
                        <DropdownMenu.ItemIndicator>✓ </DropdownMenu.ItemIndicator>
                        {t.name}
                      </span>
                      <span className="text-xs text-slate-500">{t.role}</span>
                    </DropdownMenu.RadioItem>
                  ))}
                </DropdownMenu.RadioGroup>
                <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
              </>
            )}
            <DropdownMenu.Item asChild className={item}>
              <Link href="/settings">Settings</Link>
            </DropdownMenu.Item>
            <DropdownMenu.Item
              className={item}
              onSelect={(e) => {
                e.preventDefault();
                signOutForm.current?.requestSubmit();
              }}
            >
              Sign out
            </DropdownMenu.Item>
            {error && <div className="px-2 py-1 text-xs text-red-600">{error}</div>}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </>
  );
}

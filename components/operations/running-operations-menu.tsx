"use client";

/** The running-operations menu's Radix part (loaded by running-operations.tsx on first use). */
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import type { ReactElement } from "react";
import { describeOperation, type OperationSummary } from "@/lib/operations/types";
import { OperationStateBadge } from "./timeline";

export function RunningOperationsMenu({ running, trigger, defaultOpen }: { running: OperationSummary[]; trigger: ReactElement; defaultOpen: boolean }) {
  return (
    <DropdownMenu.Root defaultOpen={defaultOpen}>
      <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="card z-50 w-96 max-w-[90vw] p-2 text-sm">
          <DropdownMenu.Label className="px-2 py-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Running operations</DropdownMenu.Label>
          {running.length === 0 && <p className="px-2 py-2 text-slate-500">Nothing is running.</p>}
          {running.map((op) => (
            <DropdownMenu.Item key={op.id} asChild>
              <Link href={`/operations/${op.id}`} className="flex flex-col gap-0.5 rounded px-2 py-1.5 outline-none hover:bg-slate-100 focus:bg-slate-100 dark:hover:bg-slate-800 dark:focus:bg-slate-800">
                <span className="flex items-center justify-between gap-2">
                  <span className="truncate font-medium">{describeOperation(op)}</span>
                  <OperationStateBadge state={op.state} />
                </span>
                <span className="truncate text-xs text-slate-500">{op.timeline.at(-1)?.message}</span>
              </Link>
            </DropdownMenu.Item>
          ))}
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
          <DropdownMenu.Item asChild>
            <Link href="/operations" className="block rounded px-2 py-1.5 outline-none hover:bg-slate-100 focus:bg-slate-100 dark:hover:bg-slate-800 dark:focus:bg-slate-800">
              All operations
            </Link>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

"use client";

import { cloneElement, useState, type ComponentType, type KeyboardEvent, type ReactElement } from "react";

/** what a lazily loaded menu module renders: the same trigger element, wrapped by its Radix menu */
export type LoadedMenu<P> = ComponentType<P & { trigger: ReactElement; defaultOpen: boolean }>;

type TriggerProps = React.ButtonHTMLAttributes<HTMLButtonElement> & Record<`data-${string}`, unknown>;

/** one import per menu module (load functions are module constants), shared by every instance */
const loading = new WeakMap<() => Promise<unknown>, Promise<unknown>>();
function preload<P>(load: () => Promise<LoadedMenu<P>>): Promise<LoadedMenu<P>> {
  let p = loading.get(load);
  if (!p) {
    p = load();
    loading.set(load, p);
  }
  return p as Promise<LoadedMenu<P>>;
}

/**
 * A dropdown menu whose code loads on first use (issue 20: Radix's menu, popper and focus code are
 * not part of a page's first load). Until then the trigger is a plain button with the same look and
 * label; hovering or focusing it fetches the menu module, activating it (click, Enter, Space, arrow
 * down) opens the menu as soon as the module is there. From then on the Radix menu does everything.
 */
export function LazyMenu<P extends object>({ load, trigger, props }: { load: () => Promise<LoadedMenu<P>>; trigger: ReactElement<TriggerProps>; props: P }) {
  const [Menu, setMenu] = useState<LoadedMenu<P> | null>(null);
  const [open, setOpen] = useState(false);
  if (Menu) return <Menu {...props} trigger={trigger} defaultOpen={open} />;
  const activate = () => {
    setOpen(true);
    void preload(load).then((m) => setMenu(() => m));
  };
  return cloneElement(trigger, {
    "aria-haspopup": "menu",
    "aria-expanded": false,
    "data-state": "closed",
    onPointerEnter: () => void preload(load),
    onFocus: () => void preload(load),
    onClick: activate,
    onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        activate();
      }
    },
  });
}

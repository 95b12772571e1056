import { Providers } from "@/components/providers";
import { AppFrame } from "@/components/shell/app-frame";

export const dynamic = "force-dynamic";

/** the dashboard pages whose views fetch and poll in the browser (TanStack Query); the read-only ones are in app/(read) */
export default function AppLayout({ children }: { children: React.ReactNode }) {
  return <AppFrame Wrapper={Providers}>{children}</AppFrame>;
}

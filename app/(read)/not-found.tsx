/** notFound() inside the read-only pages: the same in-shell message as app/(app) */
export { default } from "../(app)/not-found";

import { NotFoundNotice } from '@/components/site/not-found-notice';

/** notFound() in the signed-in area (e.g. someone else's vehicle): inside that area's header and layout, not a second one. */
export default function AppNotFound() {
  return <NotFoundNotice back={{ href: '/dashboard', label: 'Back to the dashboard' }} />;
}

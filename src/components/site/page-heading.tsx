import * as React from 'react';

/** The page's <h1> with a short line of explanation under it. Either may hold a name someone typed: long unbroken words wrap. */
function PageHeading({ title, description }: { title: React.ReactNode; description?: React.ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <h1 className="text-2xl font-semibold tracking-tight wrap-anywhere">{title}</h1>
      {description && <p className="text-muted-foreground wrap-anywhere">{description}</p>}
    </div>
  );
}

export { PageHeading };

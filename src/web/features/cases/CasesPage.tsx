import { Route, Routes } from 'react-router-dom';
import { useCan } from '../../session.ts';
import { CaseCreatePage } from './CaseCreatePage.tsx';
import { CaseDetailPage } from './CaseDetailPage.tsx';
import { InboxPage } from './InboxPage.tsx';

/** /cases and below: the inbox, the create form and one case. */
export function CasesPage() {
  const canSubmit = useCan('cases:submit');
  return (
    <Routes>
      <Route index element={<InboxPage />} />
      {canSubmit && <Route path="new" element={<CaseCreatePage />} />}
      <Route path=":id" element={<CaseDetailPage />} />
    </Routes>
  );
}

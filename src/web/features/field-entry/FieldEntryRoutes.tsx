import { useEffect } from 'react';
import { Route, Routes } from 'react-router-dom';
import { useMe } from '../../session.ts';
import { EntryFormPage } from './EntryFormPage.tsx';
import { EntryListPage } from './EntryListPage.tsx';
import { startOutbox } from './outbox.ts';

export function FieldEntryRoutes() {
  const me = useMe();
  // The queue keeps syncing after the user leaves the entry screens (the loop lives in the module).
  useEffect(() => startOutbox(me.id), [me.id]);
  return (
    <Routes>
      <Route index element={<EntryListPage />} />
      <Route path=":formKey" element={<EntryFormPage />} />
    </Routes>
  );
}

import { Route, Routes } from 'react-router-dom';
import { useCan } from '../../session.ts';
import { HouseholdPage } from './HouseholdPage.tsx';
import { PeopleList } from './PeopleList.tsx';
import { PersonDetailPage } from './PersonDetailPage.tsx';
import { PersonCreatePage, PersonEditPage } from './PersonFormPage.tsx';

/** /people and everything under it: list, person, create/edit form, household. */
export function PeoplePage() {
  const canManage = useCan('people:manage');
  return (
    <Routes>
      <Route index element={<PeopleList />} />
      {canManage && <Route path="new" element={<PersonCreatePage />} />}
      <Route path="households/:id" element={<HouseholdPage />} />
      <Route path=":id" element={<PersonDetailPage />} />
      {canManage && <Route path=":id/edit" element={<PersonEditPage />} />}
    </Routes>
  );
}

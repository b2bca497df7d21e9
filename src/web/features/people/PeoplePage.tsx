import { Segmented } from 'antd';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../session.ts';
import { DwellingsPage } from './DwellingsPage.tsx';
import { HouseholdCreatePage } from './HouseholdFormPage.tsx';
import { HouseholdPage } from './HouseholdPage.tsx';
import { PeopleList } from './PeopleList.tsx';
import { PersonDetailPage } from './PersonDetailPage.tsx';
import { PersonCreatePage, PersonEditPage } from './PersonFormPage.tsx';

/** Switches between the people list and the dwellings/households view. */
function PeopleTabs({ current }: { current: 'people' | 'dwellings' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Segmented<'people' | 'dwellings'>
      block
      style={{ marginBottom: 12, maxWidth: 420 }}
      value={current}
      onChange={(v) => void navigate(v === 'people' ? '/people' : '/people/dwellings')}
      options={[
        { value: 'people', label: t('people.tabPeople') },
        { value: 'dwellings', label: t('people.tabDwellings') },
      ]}
    />
  );
}

/** /people and everything under it: list, dwellings, person, create/edit forms, household. */
export function PeoplePage() {
  const canManage = useCan('people:manage');
  const { pathname } = useLocation();
  const tab =
    pathname.replace(/\/+$/, '') === '/people'
      ? 'people'
      : pathname.startsWith('/people/dwellings')
        ? 'dwellings'
        : null;
  return (
    <>
      {tab && <PeopleTabs current={tab} />}
      <Routes>
        <Route index element={<PeopleList />} />
        <Route path="dwellings" element={<DwellingsPage />} />
        {canManage && <Route path="new" element={<PersonCreatePage />} />}
        {canManage && <Route path="households/new" element={<HouseholdCreatePage />} />}
        <Route path="households/:id" element={<HouseholdPage />} />
        <Route path=":id" element={<PersonDetailPage />} />
        {canManage && <Route path=":id/edit" element={<PersonEditPage />} />}
      </Routes>
    </>
  );
}

// Strings of the field entry screens and the offline queue, both languages with the same keys.

const zh = {
  menu: '现场填报',
  title: '现场填报',
  intro: '选择要填写的表单。标有“可离线”的表单断网时也能填写，联网后自动上传。',
  offlineTag: '可离线',
  noForms: '没有您可以填写的表单',
  loadFailed: '表单加载失败',
  unknownForm: '没有这个表单，或您无权填写',
  back: '返回',
  subjectKinds: { org: '企业', person: '居民', household: '住户', place: '地点' },
  subjectPick: '选择{{kind}}',
  subjectSearch: '输入名称搜索',
  subjectRequired: '请先选择{{kind}}',
  subjectNone: '没有找到',
  today: '今日已登记 {{count}} 条',
  submit: '提交',
  submitting: '提交中…',
  sent: '已提交',
  savedLocal: '已保存到本机，待同步',
  fixErrors: '请修正标红的项目',
  needsNetwork: '此表单需要联网提交，请联网后再提交',
  queue: {
    badge: '待同步 {{count}}',
    synced: '已全部同步',
    syncing: '同步中…',
    syncNow: '立即同步',
    retryIn: '{{seconds}} 秒后自动重试',
    network: '网络不可用，记录保存在本机，稍后自动重试',
    server: '服务器暂时无法处理，稍后自动重试',
    signedOut: '登录已失效，请重新登录后同步',
    refusedTitle: '被拒收的记录（{{count}}）',
    refusedHelp: '服务器拒收了这些记录，原因如下；请按原因重新填写后放弃此条。',
    madeAt: '填报于 {{time}}',
    discard: '放弃此条',
    discardConfirm: '确定放弃这条记录？放弃后不会上传。',
  },
  offline: {
    banner: '当前离线：新记录保存在本机，联网后自动上传',
  },
};

type Strings = typeof zh;

const en: Strings = {
  menu: 'Field entry',
  title: 'Field entry',
  intro:
    'Choose a form to fill in. Forms marked "Offline" also work without a network and upload when it returns.',
  offlineTag: 'Offline',
  noForms: 'There is no form you can fill in',
  loadFailed: 'Could not load the forms',
  unknownForm: 'No such form, or you may not fill it in',
  back: 'Back',
  subjectKinds: { org: 'enterprise', person: 'resident', household: 'household', place: 'place' },
  subjectPick: 'Choose the {{kind}}',
  subjectSearch: 'Type a name to search',
  subjectRequired: 'Choose the {{kind}} first',
  subjectNone: 'Nothing found',
  today: '{{count}} entered today',
  submit: 'Submit',
  submitting: 'Submitting…',
  sent: 'Submitted',
  savedLocal: 'Saved on this device, waiting to sync',
  fixErrors: 'Please correct the fields marked in red',
  needsNetwork: 'This form needs a network to submit; please submit when online',
  queue: {
    badge: 'To sync {{count}}',
    synced: 'All synced',
    syncing: 'Syncing…',
    syncNow: 'Sync now',
    retryIn: 'Retrying in {{seconds}} s',
    network: 'No network: entries are kept on this device and retried automatically',
    server: 'The server cannot take them right now; retrying automatically',
    signedOut: 'Your session has expired: sign in again to sync',
    refusedTitle: 'Refused entries ({{count}})',
    refusedHelp:
      'The server refused these entries for the reasons shown; enter them again correctly, then discard them.',
    madeAt: 'Entered {{time}}',
    discard: 'Discard',
    discardConfirm: 'Discard this entry? It will not be uploaded.',
  },
  offline: {
    banner: 'Offline: new entries are kept on this device and upload when the network returns',
  },
};

export const fieldEntryStrings = {
  zh: { fieldEntry: zh },
  en: { fieldEntry: en },
};

// Strings of the working-day calendar page (节假日与调休), both languages with the same keys.

export const slaStrings = {
  zh: {
    sla: {
      menu: '节假日与调休',
      title: '工作日历',
      intro:
        '周一至周五为工作日，周六、周日休息；此处列出例外：法定节假日和调休上班日。时限按工作时间（8:30–12:00、13:30–17:30）计算。',
      year: '年份',
      day: '日期',
      weekday: '星期',
      kind: '类型',
      name: '名称',
      holiday: '放假',
      workday: '调休上班',
      add: '添加或修改',
      remove: '删除',
      removeConfirm: '删除后该日按平常的周一至周五规则计算，确定吗？',
      saved: '已保存',
      removed: '已删除',
      required: '必填',
      empty: '该年没有例外日期',
      weekdays: { 0: '周日', 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六' },
    },
  },
  en: {
    sla: {
      menu: 'Holidays',
      title: 'Working-day calendar',
      intro:
        'Monday to Friday are working days and weekends are off; this lists the exceptions: public holidays and make-up working days. Deadlines count office hours (8:30–12:00, 13:30–17:30).',
      year: 'Year',
      day: 'Date',
      weekday: 'Weekday',
      kind: 'Kind',
      name: 'Name',
      holiday: 'Holiday',
      workday: 'Make-up working day',
      add: 'Add or change',
      remove: 'Remove',
      removeConfirm: 'The day will follow the usual Monday–Friday rule again. Remove it?',
      saved: 'Saved',
      removed: 'Removed',
      required: 'Required',
      empty: 'No exceptions in this year',
      weekdays: { 0: 'Sun', 1: 'Mon', 2: 'Tue', 3: 'Wed', 4: 'Thu', 5: 'Fri', 6: 'Sat' },
    },
  },
};

// Strings of the street micro-service pages (catalogue, ordering, orders, centre and provider
// queues, hotline ordering, canteens, supervision), zh-CN and en, under the `services` key.
export const zhCN = {
  services: {
    nav: { browse: '微服务', orders: '我的服务单', centre: '服务派单', provider: '服务工单', hotline: '代为下单', canteen: '长者饭堂', supervision: '服务监督', catalogue: '服务目录' },
    status: { placed: '待受理', accepted: '待派单', assigned: '已派单', confirmed: '已确认', in_service: '服务中', completed: '已完成', rated: '已评价', cancelled: '已取消', refused: '未受理', no_show: '上门未遇' },
    action: {
      place: '下单', accept: '受理', refuse: '不予受理', assign: '派单', reassign: '改派', decline: '退单', confirm: '确认接单', check_in: '到达签到', complete: '完成签退', no_show: '上门未遇',
      cancel: '取消订单', rate: '评价', complain: '投诉', resolve_complaint: '处理投诉',
    },
    channel: { self: '本人下单', family: '家属代下单', staff: '工作人员代下单', hotline: '热线代下单' },
    fulfilment: { home: '上门服务', centre: '到中心服务', meal: '助餐', day_care: '日间托老' },
    mealMode: { dine_in: '堂食', delivery: '送餐上门' },
    meal: { lunch: '午餐', dinner: '晚餐' },
    group: { aged_60: '60岁以上', aged_80: '80岁以上', aged_90: '90岁以上', low_income: '低收入', special_hardship: '特困', disabled: '残疾人', living_alone: '独居' },
    facilityKind: { family_centre: '家庭综合服务中心', home_care_centre: '居家养老服务中心', elder_canteen: '长者饭堂', day_care_centre: '日间照料中心' },
    ineligible: { min_age: '需年满 {{n}} 岁', max_age: '限 {{n}} 岁及以下', groups: '仅限：{{groups}}' },
    price: { free: '免费', subsidy: '补贴 {{amount}}（{{group}}）', pay: '自付', total: '合计', unit: '/{{unit}}', original: '原价 {{amount}}' },
    browse: {
      title: '社区微服务', intro: '线上点单，服务上门。价格已按您的补贴计算。', forPerson: '为 {{name}} 下单', search: '搜索服务，如：助浴、送餐、保洁', all: '全部', empty: '没有找到服务', street: '{{street}}微服务中心',
      order: '预约', notEligible: '不符合条件', canteens: '附近长者饭堂', meals: '今天吃什么', orderMeal: '订餐',
    },
    order: {
      title: '预约服务', chooseSlot: '选择时间', chooseMenu: '选择饭堂和日期', noSlots: '近期没有可预约的时间，请联系社区', noMenus: '暂无可订的餐', full: '已满', left: '余 {{n}}', quantity: '数量', notes: '备注',
      notesPlaceholder: '如：少盐、需要轮椅、请提前电话', caller: '来电人', callerName: '来电人姓名', callerRelation: '与长者关系', callerPhone: '来电号码', submit: '提交预约', submitMeal: '确认订餐', placed: '预约成功',
      recipient: '服务对象', address: '服务地址', delivers: '可送餐', dineInOnly: '仅堂食', distance: '{{km}} 公里', closes: '{{time}} 前截止', back: '返回', summary: '费用', needSlot: '请选择时间', needMenu: '请选择饭堂和日期',
      today: '今天', tomorrow: '明天', facility: '服务地点',
    },
    orders: { title: '我的服务单', empty: '还没有服务单', open: '进行中', done: '已结束', view: '查看', number: '单号', rateNow: '去评价', total: '共 {{count}} 单' },
    detail: {
      title: '服务单', timeline: '办理过程', provider: '服务商', facility: '服务地点', scheduled: '服务时间', orderedBy: '下单', caller: '来电人', contact: '联系电话', noPhone: '无电话', notes: '备注', serviceNotes: '服务记录',
      rating: '评价', ratingHint: '请为这次服务打分', comment: '说说您的感受（可不填）', submitRating: '提交评价', thanks: '谢谢您的评价', complaints: '投诉与督办', complain: '我要投诉', complaintText: '请说明情况',
      complaintSent: '投诉已提交，街道将在 3 个工作日内处理', due: '处理时限 {{time}}', overdue: '已超时', resolved: '已处理：{{text}}', noActions: '暂无需要您办理的事项', reason: '原因', note: '说明',
      completeNote: '服务记录（做了什么、长者情况）', reveal: '查看完整号码', revealReason: '联系长者确认上门时间', round: '配送批次', groups: '补贴身份', steps: '进度',
    },
    centre: {
      title: '服务派单', intro: '本街道/社区的服务订单：受理、派单、跟进', tabs: { placed: '待受理', accepted: '待派单', assigned: '待确认', active: '服务中', done: '已结束' }, empty: '没有订单',
      suggestions: '推荐服务商', score: '{{score}} 分', free: '当日余量 {{n}}', rating: '评分 {{r}}', noRating: '暂无评分', km: '{{km}} 公里', flagged: '上月考核预警', notCovering: '不在服务范围（人工指定）',
      assignTo: '派给', chooseProvider: '选择服务商', overrideReason: '改派原因',
    },
    provider: { title: '服务工单', intro: '派给本机构的订单：确认、上门签到、完成签退', tabs: { assigned: '待确认', confirmed: '待上门', in_service: '服务中', done: '已完成' }, empty: '没有工单' },
    hotline: {
      title: '热线代为下单', intro: '为来电的长者（包括没有手机的长者）查找档案并预约服务', search: '输入姓名查找居民', searchButton: '查找', noPhone: '无手机', age: '{{age}} 岁', choose: '为TA下单',
      chosen: '服务对象：{{name}}', change: '换人', empty: '没有找到，请核对姓名', hint: '先找到长者，再选择服务',
    },
    canteen: {
      title: '长者饭堂', intro: '每日菜单、订餐数与配送批次', choose: '选择饭堂', day: '日期', menu: '菜单', editMenu: '修改菜单', dishes: '菜品（逗号分隔）', capacity: '供应份数', kitchen: '后厨备餐',
      total: '订餐', dineIn: '堂食', delivery: '送餐', notes: '特殊要求', rounds: '配送批次', departs: '{{time}} 出发', noOrders: '暂无订餐', byItem: '按餐品', saved: '已保存', none: '您没有可管理的饭堂',
    },
    supervision: {
      title: '服务监督', complaints: '投诉督办', performance: '服务商考核', stats: '服务统计', open: '待处理', overdueOnly: '只看超时', resolve: '处理', resolution: '处理结果', resolvedOk: '已处理',
      month: '月份', completed: '完成', onTime: '准时率', rating: '评分', complaintsCount: '投诉', noShows: '未遇', flagged: '预警', reasons: { low_on_time: '准时率低', low_rating: '评分低', complaints: '投诉多' },
      served: '完成服务', personTimes: '服务人次', persons: '服务人数', subsidy: '补贴金额', openOrders: '进行中', byStreet: '按街道', byCategory: '按类别', empty: '暂无数据', period: '近 90 天',
    },
    catalogue: {
      title: '服务目录', intro: '全区服务目录；街道选择本街道提供的项目', offered: '本街道提供', street: '街道', category: '类别', item: '项目', price: '价格', subsidies: '补贴', eligibility: '对象', updated: '已更新',
      anyone: '不限',
    },
  },
};

export const en = {
  services: {
    nav: { browse: 'Services', orders: 'My services', centre: 'Service desk', provider: 'Work orders', hotline: 'Order for a caller', canteen: 'Elder canteen', supervision: 'Supervision', catalogue: 'Service catalogue' },
    status: { placed: 'Awaiting the centre', accepted: 'To assign', assigned: 'Assigned', confirmed: 'Confirmed', in_service: 'In service', completed: 'Completed', rated: 'Rated', cancelled: 'Cancelled', refused: 'Refused', no_show: 'Nobody home' },
    action: {
      place: 'Order', accept: 'Accept', refuse: 'Refuse', assign: 'Assign', reassign: 'Reassign', decline: 'Decline', confirm: 'Confirm', check_in: 'Check in', complete: 'Check out', no_show: 'Nobody home',
      cancel: 'Cancel order', rate: 'Rate', complain: 'Complain', resolve_complaint: 'Resolve complaint',
    },
    channel: { self: 'By the resident', family: 'By family', staff: 'By staff', hotline: 'By the hotline' },
    fulfilment: { home: 'At home', centre: 'At the centre', meal: 'Meals', day_care: 'Day care' },
    mealMode: { dine_in: 'Eat in', delivery: 'Delivered' },
    meal: { lunch: 'Lunch', dinner: 'Dinner' },
    group: { aged_60: '60+', aged_80: '80+', aged_90: '90+', low_income: 'low income', special_hardship: 'extreme hardship', disabled: 'disability', living_alone: 'living alone' },
    facilityKind: { family_centre: 'Family service centre', home_care_centre: 'Home elderly-care centre', elder_canteen: 'Elder canteen', day_care_centre: 'Day-care centre' },
    ineligible: { min_age: 'Aged {{n}} or over', max_age: 'Aged {{n}} or under', groups: 'Only for: {{groups}}' },
    price: { free: 'Free', subsidy: 'Subsidy {{amount}} ({{group}})', pay: 'You pay', total: 'Total', unit: '/{{unit}}', original: 'Price {{amount}}' },
    browse: {
      title: 'Community services', intro: 'Order online, served at home. Prices include your subsidy.', forPerson: 'Ordering for {{name}}', search: 'Search: bathing, meals, cleaning…', all: 'All', empty: 'No services found',
      street: '{{street}} service centre', order: 'Book', notEligible: 'Not eligible', canteens: 'Elder canteens nearby', meals: 'Meals', orderMeal: 'Order a meal',
    },
    order: {
      title: 'Book a service', chooseSlot: 'Choose a time', chooseMenu: 'Choose a canteen and day', noSlots: 'No times free soon; please call your community', noMenus: 'No meals open for ordering', full: 'Full', left: '{{n}} left',
      quantity: 'Quantity', notes: 'Notes', notesPlaceholder: 'e.g. less salt, needs a wheelchair, call first', caller: 'Caller', callerName: 'Caller\'s name', callerRelation: 'Relation to the elder', callerPhone: 'Caller\'s phone',
      submit: 'Book', submitMeal: 'Order the meal', placed: 'Booked', recipient: 'For', address: 'Address', delivers: 'Delivers', dineInOnly: 'Eat in only', distance: '{{km}} km', closes: 'Order by {{time}}', back: 'Back',
      summary: 'Cost', needSlot: 'Please choose a time', needMenu: 'Please choose a canteen and day', today: 'Today', tomorrow: 'Tomorrow', facility: 'Where',
    },
    orders: { title: 'My services', empty: 'No orders yet', open: 'Open', done: 'Finished', view: 'View', number: 'No.', rateNow: 'Rate it', total: '{{count}} orders' },
    detail: {
      title: 'Service order', timeline: 'History', provider: 'Provider', facility: 'Facility', scheduled: 'When', orderedBy: 'Ordered', caller: 'Caller', contact: 'Phone', noPhone: 'No phone', notes: 'Notes', serviceNotes: 'Service record',
      rating: 'Rating', ratingHint: 'How was the service?', comment: 'Anything to add (optional)', submitRating: 'Send rating', thanks: 'Thank you for your rating', complaints: 'Complaints', complain: 'Complain', complaintText: 'What went wrong?',
      complaintSent: 'Complaint sent; the street will answer within 3 working days', due: 'Due {{time}}', overdue: 'Overdue', resolved: 'Resolved: {{text}}', noActions: 'Nothing for you to do now', reason: 'Reason', note: 'Note',
      completeNote: 'Service record (what was done, how the elder is)', reveal: 'Show full number', revealReason: 'Call the elder about the visit', round: 'Delivery round', groups: 'Entitled as', steps: 'Progress',
    },
    centre: {
      title: 'Service desk', intro: 'Orders of your street or community: accept, assign, follow up', tabs: { placed: 'To accept', accepted: 'To assign', assigned: 'To confirm', active: 'In service', done: 'Finished' }, empty: 'No orders',
      suggestions: 'Suggested providers', score: '{{score}} pts', free: '{{n}} free that day', rating: 'rated {{r}}', noRating: 'no ratings yet', km: '{{km}} km', flagged: 'Flagged last month', notCovering: 'Outside its area (manual)',
      assignTo: 'Assign to', chooseProvider: 'Choose a provider', overrideReason: 'Why reassign',
    },
    provider: { title: 'Work orders', intro: 'Orders assigned to your organisation: confirm, check in, check out', tabs: { assigned: 'To confirm', confirmed: 'To visit', in_service: 'In service', done: 'Done' }, empty: 'No work orders' },
    hotline: {
      title: 'Order for a caller', intro: 'Find the elder who called (also those without a mobile phone) and book a service for them', search: 'Resident\'s name', searchButton: 'Search', noPhone: 'No phone', age: '{{age}} yrs', choose: 'Order for them',
      chosen: 'For: {{name}}', change: 'Change', empty: 'Nobody found; check the name', hint: 'Find the elder first, then choose the service',
    },
    canteen: {
      title: 'Elder canteen', intro: 'Daily menus, meal counts and delivery rounds', choose: 'Canteen', day: 'Day', menu: 'Menu', editMenu: 'Edit menu', dishes: 'Dishes (comma-separated)', capacity: 'Meals made', kitchen: 'Kitchen',
      total: 'Ordered', dineIn: 'Eat in', delivery: 'Delivered', notes: 'Special requests', rounds: 'Delivery rounds', departs: 'leaves {{time}}', noOrders: 'No orders yet', byItem: 'By meal', saved: 'Saved', none: 'You manage no canteen',
    },
    supervision: {
      title: 'Supervision', complaints: 'Complaints', performance: 'Provider performance', stats: 'Statistics', open: 'Open', overdueOnly: 'Overdue only', resolve: 'Resolve', resolution: 'What was done', resolvedOk: 'Resolved',
      month: 'Month', completed: 'Completed', onTime: 'On time', rating: 'Rating', complaintsCount: 'Complaints', noShows: 'Nobody home', flagged: 'Flagged', reasons: { low_on_time: 'often late', low_rating: 'low rating', complaints: 'complaints' },
      served: 'Services', personTimes: 'Person-times', persons: 'Residents served', subsidy: 'Subsidies', openOrders: 'Open', byStreet: 'By street', byCategory: 'By category', empty: 'No data', period: 'Last 90 days',
    },
    catalogue: {
      title: 'Service catalogue', intro: 'The district catalogue; each street chooses what it offers', offered: 'Offered here', street: 'Street', category: 'Category', item: 'Item', price: 'Price', subsidies: 'Subsidies', eligibility: 'Who', updated: 'Updated',
      anyone: 'Anyone',
    },
  },
};

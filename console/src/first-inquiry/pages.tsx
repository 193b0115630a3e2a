/** 首问负责 pages, one lazy chunk: the officer's 消息 and the admin's 首问责任岗 register. */
export { NotificationsPage } from './Notifications';
export { FirstInquiryPostsPage } from './Posts';

/** 首问负责 in words, shared by the project page, the 受理回执 and the 集中回复. */
import type { Project } from '../api';

/** "姓名（单位岗位，电话 …）"; the name alone for projects without an officer account or post. */
export function firstInquiryText(p: Pick<Project, 'firstInquiryStaff' | 'firstInquiryPost'>): string {
  const post = p.firstInquiryPost;
  if (!post) return p.firstInquiryStaff;
  return `${p.firstInquiryStaff}（${post.unitName}${post.postName}${post.phone ? `，电话 ${post.phone}` : ''}）`;
}

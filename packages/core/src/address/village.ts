// Villages (村/社区, 620k of them) are not in the division data; they are recognised by suffix
// right after a town or county.

// Community names may contain 路/街 (开元路社区, 禹王街社区), never a house or group number.
const VILLAGE_NAME = /^[^\P{Script=Han}号栋楼室组队]{1,12}/u;
// 幸福新村小区, 建设村路: a compound or street named after a village, not the village itself.
const NOT_VILLAGE_AFTER = /^(?:小区|花园|公寓|大厦|广场|市场|大道|[路街巷弄])/;
const VILLAGE_SUFFIX =
  /^(?:村民委员会|居民委员会|社区居委会|村委会|居委会|委员会|嘎查村|嘎查|社区|村)/;

/** End of a village/community name starting at `pos` (黄马村, 东风社区居委会), if any. */
export function matchVillage(text: string, pos: number): number | undefined {
  const name = VILLAGE_NAME.exec(text.slice(pos));
  if (name === null) return undefined;
  // The first suffix ends the name; 新村村委会 then extends over the rest.
  for (let len = 1; len <= name[0].length; len++) {
    let end = pos + len;
    let suffix = VILLAGE_SUFFIX.exec(text.slice(end));
    if (suffix === null) continue;
    while (suffix !== null) {
      end += suffix[0].length;
      suffix = VILLAGE_SUFFIX.exec(text.slice(end));
    }
    return NOT_VILLAGE_AFTER.test(text.slice(end)) ? undefined : end;
  }
  return undefined;
}

# قائمة الجمع: ما يأخذه الفريق من مهرجان، وما يتركه.
collect-title = ماذا نجمع
collect-title-short = الجمع
collect-for-warehouse = للمستودع
collect-on = بتاريخ
collect-show = عرض
collect-take = خذ:
collect-take-nothing = لا شيء: كل احتياج صرّحت به المواقع يغطيه مخزون { $warehouse }.
collect-up-to = حتى { $n }
collect-leave = اترك:
collect-rest = الباقي: لم يطلبه أي موقع.
collect-from-priorities = لـ { $warehouse } بتاريخ { $date }، حسب أولويات المجموعة (النسخة { $version }):
collect-read-them = اقرأها
collect-error-date = يجب كتابة التاريخ هكذا 2026-12-01
collect-no-warehouse = لا يوجد مستودع بعد
collect-reason-unneeded = { $name }: لا يحتاجها أي موقع
collect-reason-needed = { $sites ->
    [one] { $name }: مطلوب { $n } في موقع واحد
    [two] { $name }: مطلوب { $n } في موقعين
    [few] { $name }: مطلوب { $n } في { $sites } مواقع
   *[other] { $name }: مطلوب { $n } في { $sites } موقعاً
}
collect-reason-covered = { $needed }، والمخزون يغطيها كلها
collect-reason-no-stock = لا شيء في المخزون
collect-reason-stock = { $n } في المخزون
collect-reason-tier = أولوية من المستوى { $n }
collect-reason-season = أولوية «{ $season }» ×{ $factor }

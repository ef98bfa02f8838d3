# صفحة الأولويات: تصريح المجموعة والقواعد المستخلصة منه.
priorities-title = الأولويات
priorities-heading = أولويات المجموعة
priorities-no-version = لا توجد نسخة رقم { $n }.
priorities-see-current = عرض النسخة المعمول بها
priorities-saved = حُفظت أولويات المجموعة بوصفها النسخة { $n }: تعتمدها قائمة الجمع وخطط الرحلات من الآن.
priorities-unchanged = لم يتغير شيء: تبقى النسخة { $n } معمولاً بها.
priorities-none = لم تصرّح المجموعة بأولوياتها بعد.
priorities-old-version = هذه النسخة { $n }، ولم تعد معمولاً بها.
priorities-said = ما قالته المجموعة
priorities-stated-recorded = صُرّح به في { $on }. النسخة { $n }، سجّلها { $by } في { $at } الساعة { $time }.
priorities-rules = القواعد المستخلصة منه
priorities-earlier = النسخ السابقة
priorities-version = النسخة { $n }
priorities-month-day = { $day } { $month ->
    [1] يناير
    [2] فبراير
    [3] مارس
    [4] أبريل
    [5] مايو
    [6] يونيو
    [7] يوليو
    [8] أغسطس
    [9] سبتمبر
    [10] أكتوبر
    [11] نوفمبر
   *[12] ديسمبر
}
priorities-why-tier = أولوية المستوى { $n }
priorities-why-season = أولوية «{ $season }» ×{ $factor }
priorities-weight = الوزن { $n }:
priorities-unlisted = كل ما عدا ذلك وزنه { $n }: ما زال مطلوباً، لكنه ليس أولوية.
priorities-seasons = المواسم
priorities-season-rule = ({ $from } – { $to }): تُحسب { $categories } ×{ $factor }
priorities-condition-heading = الحالة المطلوبة للتوزيع
priorities-condition-or-better = { $category }: «{ $condition }» أو أفضل
priorities-condition-else = كل ما عدا ذلك: «صالح للاستعمال» أو أفضل.
priorities-worth-today = القيمة اليوم ({ $date })
priorities-col-category = الفئة
priorities-col-value = القيمة
priorities-col-why = السبب
priorities-state-new = التصريح بأولويات جديدة
priorities-state-intro = اكتب كلمات المجموعة كما اتُّفق عليها، ثم اضبط القواعد التي تترجمها. تبقى النسخة الحالية في السجل.
priorities-statement = التصريح، حرفياً
priorities-stated-on = تاريخ التصريح
priorities-tier-weights = أوزان المستويات
priorities-tier = المستوى { $n }
priorities-each-category = كل فئة: المستوى والحالة المطلوبة للتوزيع
priorities-tier-of = مستوى { $category }
priorities-no-tier = بلا مستوى
priorities-tier-option = المستوى { $n }
priorities-condition-of = الحالة المطلوبة لتوزيع { $category }
priorities-or-better = «{ $condition }» أو أفضل
priorities-seasons-intro = فترة من السنة (شهر-يوم؛ من 11-01 إلى 03-31 تتخطى رأس السنة) تضاعف قيمة بعض الفئات. اترك الأخيرة فارغة كي لا تضيف شيئاً.
priorities-season = الموسم { $n }
priorities-season-name = الاسم
priorities-season-name-example = الشتاء
priorities-season-from = من (شهر-يوم)
priorities-season-to = إلى (شهر-يوم)
priorities-season-factor = المعامل
priorities-save-as = حفظ بوصفها النسخة { $n }
priorities-err-stated-on = يجب أن يكون تاريخ التصريح تاريخاً مثل 2026-09-01.
priorities-err-weight = وزن المستوى { $n }: { $problem }
priorities-err-factor = الموسم { $n }: المعامل «{ $raw }» ليس رقماً.
priorities-not-saved = لم يُحفظ شيء: { $reasons }
priorities-rule-statement = بيان المجموعة مطلوب، بكلماتها الخاصة.
priorities-rule-two-tiers = { $category } موجود أصلاً في المستوى { $first }: تنتمي الفئة إلى مستوى واحد.
priorities-rule-season-name = الموسم { $n }: أعطه اسماً يشرح الأولوية التي يمنحها.
priorities-rule-month-day = الموسم { $n }: «{ $raw }» ليس يوماً من السنة مكتوباً MM-DD، مثل 11-01.
priorities-rule-factor = الموسم { $n }: يجب أن يكون المعامل عدداً أكبر من 0.
priorities-rule-season-twice = الموسم { $n }: { $category } مذكور مرتين.
priorities-rule-min-condition = { $category }: أسوأ حالة للتوزيع يجب أن تكون «جيد» أو «صالح للاستعمال»، لا { $condition }.
priorities-rule-unknown-category = لا توجد فئة «{ $category }» في الكتالوج.

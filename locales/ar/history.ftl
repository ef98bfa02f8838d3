# السجل والتصحيحات (issue 9): قائمة التغييرات، وصفحة كل تغيير، والنماذج التي تصحّحه أو تتراجع عنه.
history-title = السجل
history-list-intakes = الاستلامات
history-list-handouts = التوزيعات
history-list-movements = الحركات
history-list-runs = الرحلات
history-list-corrections = التصحيحات
history-kind-intake = استلام
history-kind-handout = توزيع
history-kind-transfer = نقل
history-kind-regrade = إعادة تصنيف
history-kind-stocktake = جرد
history-kind-writeoff = إتلاف
history-kind-correction = تصحيح
history-kind-load = تحميل
history-kind-delivery = تسليم
history-kind-return = إرجاع
history-kind-box = صندوق
history-kind-partner-dispatch = إرسال إلى شريك
history-kind-lost-in-transit = فُقد في الطريق
history-undo = تراجع
history-see-it = عرض
history-filter-show = اعرض
history-filter-place = المستودع أو الموقع
history-filter-everywhere = كل الأماكن
history-filter-from = من
history-filter-to = إلى
history-filter-button = اعرض
history-nothing-yet = لم يُسجَّل شيء هنا بعد.
history-from-source = من { $source }:
history-older = الأقدم ←
history-entry = { $n } × { $item } ({ $condition })
history-entry-in-here = { $n } × { $item } ({ $condition }) دخلت
history-entry-out-here = { $n } × { $item } ({ $condition }) خرجت
history-row-at = { $kind } في { $place }، { $n ->
    [zero] لا قطع
    [one] قطعة واحدة
    [two] قطعتان
    [few] { $n } قطع
   *[other] { $n } قطعة
}، بواسطة { $who }
history-row-between = { $kind } من { $from } إلى { $to }، { $n ->
    [zero] لا قطع
    [one] قطعة واحدة
    [two] قطعتان
    [few] { $n } قطع
   *[other] { $n } قطعة
}، بواسطة { $who }
history-row = { $kind }، { $n ->
    [zero] لا قطع
    [one] قطعة واحدة
    [two] قطعتان
    [few] { $n } قطع
   *[other] { $n } قطعة
}، بواسطة { $who }
history-entry-in = { $n } × { $item } ({ $condition }) دخلت إلى { $place }
history-entry-out = { $n } × { $item } ({ $condition }) خرجت من { $place }
history-and-more = { $n ->
    [one] وقيد آخر
    [two] وقيدان آخران
    [few] و{ $n } قيود أخرى
   *[other] و{ $n } قيدًا آخر
}
history-mark-undone = تم التراجع عنه بالتصحيح
history-mark-reversed = أُلغي بالكامل بالتصحيح
history-mark-corrected = عُدِّل بالتصحيح
history-error-list-forbidden = دور «{ $role }» لا يرى قائمة { $list }
history-error-date = يُكتب التاريخ هكذا: { $example }
history-error-no-place = لا يوجد مكان «{ $place }»
history-error-no-kind = لا يوجد نوع تغيير «{ $kind }»
history-error-no-change = لا يوجد { $kind } رقم { $id }
history-error-forbidden = دور «{ $role }» لا يرى هذا التغيير ({ $kind })
history-detail-title = { $kind } رقم { $id }
history-corrected = حُفظ التصحيح رقم { $correction }: أصبح { $kind } رقم { $id } كما هو مبيّن تحت «الوضع الحالي».
history-undone = تم التراجع: { $what } — { $lines } (التصحيح رقم { $correction }).
history-undone-nothing = تم التراجع: { $what } (التصحيح رقم { $correction }).
history-change-at = { $kind } في { $place }
history-change-between = { $kind } من { $from } إلى { $to }
history-fact-recorded-by = سجّله
history-fact-source = المصدر
history-fact-warehouse = المستودع
history-fact-received-on = تاريخ الاستلام
history-fact-note = ملاحظة
history-fact-site = الموقع
history-fact-handed-out-on = تاريخ التوزيع
history-fact-from = من
history-fact-at = في
history-fact-to = إلى
history-fact-reason = السبب
history-fact-box = الصندوق
history-fact-action = الإجراء
history-fact-van = الشاحنة
history-fact-departs-on = تاريخ الانطلاق
history-fact-status = الحالة
history-fact-corrects = يصحّح
history-fact-moved = { $now } (سُجّل في { $recorded })
history-run-page = صفحة الرحلة
history-now-heading = الوضع الحالي
history-now-nothing = لا شيء: ألغت تصحيحاته كل أثره.
history-col-place = المكان
history-col-item = البضائع
history-col-qty = العدد
history-unmet-heading = طُلب ولم يتوفر
history-entries-heading = ما غيّره في المخزون
history-entries-none = لم يحرّك هذا التغيير أي مخزون.
history-corrections-heading = التصحيحات
history-corrections-none = لا يوجد.
history-correction-link = التصحيح رقم { $id }
history-correction-by = «{ $reason }» بواسطة { $who }، { $when }
history-reason-undone = أُلغي بلمسة واحدة
history-undo-offer = { $minutes ->
    [one] آخر تغيير لك، قبل أقل من دقيقة:
    [two] آخر تغيير لك، قبل أقل من دقيقتين:
    [few] آخر تغيير لك، قبل أقل من { $minutes } دقائق:
   *[other] آخر تغيير لك، قبل أقل من { $minutes } دقيقة:
}
history-reversed-entirely = ألغت تصحيحاته أثره بالكامل: لم يعد يُحتسب في المخزون.
history-correct-heading = صحّحه
history-correct-explained = التصحيح تغيير جديد مع السبب الذي تذكره؛ ويبقى هذا التغيير كما سُجّل.
history-reason-label = السبب (إلزامي)
history-reverse-button = ألغِه بالكامل
history-lines-intro = اذكر ما كان يجب أن يكون
history-line-label = { $item } ({ $condition })
history-lines-button = احفظ البنود المصحّحة
history-error-line = { $line }: { $problem }
history-error-condition = حالة غير معروفة «{ $condition }»
history-error-no-lines = يجب أن يكون بند واحد على الأقل أكبر من 0: لإلغاء كل شيء، ألغِه بالكامل
history-error-mode = اختر إلغاءه بالكامل أو تصحيح بنوده
history-error-reason = اذكر السبب: التصحيح يحتاج إلى سبب.
history-error-reason-long = لا يجوز أن يتجاوز السبب { $max } حرفًا.
history-error-short = لم يبقَ إلا { $n } { $item } ({ $condition }) في { $place }: خرج الباقي منذ ذلك الحين، فلا يمكن للتصحيح أن يسترجع أكثر.
history-error-nothing-to-correct = هذه هي كمياته أصلاً: غيّر سطراً، أو ألغِه كلياً.
history-not-saved = لم يُحفظ شيء: { $why }.
history-back = → السجل

# Need statements in the history (issue 9): every statement, what replaced it, and
# taking back one raised from a hand-out that was undone.
history-list-all = الكل
history-list-needs = الاحتياجات
history-kind-need = حاجة
history-need-row = حاجة في { $site }: { $n } × { $item }
history-need-stated = صرّح بها { $by } في { $on }، وسجّلها { $who }
history-need-in-force = سارية
history-need-replaced-by = حلّ محلها { $n }، صرّح به { $by } في { $on }
history-need-taken-back = سحبها { $who }، { $when }
history-need-back-to = سحبها يعيد { $site } إلى { $n }، كما صرّح به { $by } في { $on }.
history-need-back-to-none = سحبها يترك { $site } بلا حاجة مصرّح بها من { $item }.
history-need-take-back-too = اسحب هذه الحاجة أيضاً
history-need-take-back = اسحب هذا التصريح
history-need-take-back-heading = سحبه
history-need-confirm-title = أتسحب الحاجة إلى { $n } × { $item } في { $site }؟
history-need-confirm-kept = تبقى في السجل، معلَّمة بأنها سُحبت، ولا يمكن إعادتها: إن احتجتم إليها من جديد فصرّحوا بها من جديد.
history-need-raised-stays = الحاجة إلى { $n } × { $item } في { $site } التي رُفعت من طلبات هذا التوزيع ما زالت قائمة.
history-need-raised-into = دخلت طلباته غير الملبّاة في الحاجة إلى { $n } × { $item } في { $site }.
history-need-withdrawn = سُحبت: الحاجة إلى { $n } × { $item } في { $site } باقية في السجل فقط.
history-need-now = السارية الآن: { $n }، صرّح بها { $by } في { $on }.
history-need-now-none = لا حاجة مصرّح بها من { $item } في { $site } الآن.
history-need-fact-item = الصنف
history-need-fact-quantity = الكمية
history-need-fact-stated-by = صرّح بها
history-need-fact-stated-on = تاريخ التصريح
history-need-fact-needed-by = مطلوبة قبل
history-need-fact-recorded-at = وقت التسجيل
history-need-raised-from = رُفعت من الطلبات غير الملبّاة للتوزيعات
history-need-statements = كل التصريحات عن { $item } في { $site }
history-need-line = { $n }، صرّح به { $by } في { $on }
history-need-needs-page = صفحة الاحتياجات
history-need-error-role = دور «{ $role }» لا يصرّح بالاحتياجات
history-need-error-withdrawn = سُحب هذا التصريح من قبل
history-need-error-replaced = حلّ محله تصريح أحدث، ولا يُسحب إلا التصريح الساري
history-need-error-stands = لا يُسحب إلا تصريح رُفع من توزيع أُلغي منذ ذلك، أو تصريحك في آخر 10 دقائق: صرّح بالحاجة من جديد بدلاً من ذلك
# The corrected-lines form made quick, signs and labels that never read alike (issue 9).
history-lines-more = أضف فئة لم تكن فيه ({ $n })
history-reverse-heading = أو ألغِه بالكامل
history-not-saved-list = لم يُحفظ شيء. ما يجب تصحيحه:
history-undo-of = تراجع عن { $what }
history-correction-of = تصحيح لـ { $what }
history-mark-then-undone = ، ثم تم التراجع عنه بالتصحيح
history-by-demo = موسم العرض التجريبي
history-entries-show = اعرض القيود كلها ({ $n })

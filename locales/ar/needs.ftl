# صفحة الاحتياجات: لكل موقع ما طلبه وما لم يُلبَّ بعد؛ وما طُلب أثناء التوزيع.
needs-title = الاحتياجات
needs-intro = ما قال كل موقع إنه يحتاجه، وكم منه لم يُلبَّ بعد: المطلوب، ناقص ما وصل إلى الموقع منذ الطلب، ناقص ما هو في الطريق إليه.
needs-state-link-site = تسجيل احتياج لـ{ $site }
needs-no-sites = لا توجد مواقع بعد.
needs-saved-replacing = حُفظ: يحتاج { $site } إلى { $wanted } × { $category } (كان { $was }، سجّله { $was_by } في { $was_on }؛ محفوظ في السجل).
needs-saved = حُفظ: يحتاج { $site } إلى { $wanted } × { $category }.
needs-saved-older = حُفظ في السجل: لدى { $site } تصريح أحدث بخصوص { $category }.
needs-items-unmet = { $n ->
    [zero] لا قطع ناقصة
    [one] قطعة واحدة ناقصة
    [two] قطعتان ناقصتان
    [few] { $n } قطع ناقصة
    [many] { $n } قطعة ناقصة
   *[other] { $n } قطعة ناقصة
}
needs-none-stated = لم يُسجَّل أي احتياج بعد.
needs-table-label = احتياجات { $site }
needs-col-category = الفئة
needs-col-stated = المطلوب
needs-col-delivered = ما وصل
needs-col-delivered-short = وصل
needs-col-transit = في الطريق
needs-col-unmet = الناقص
needs-stated-by-on = { $by }، { $on }
needs-needed-by = ؛ مطلوب قبل { $date }
needs-earlier = تصريحات سابقة ({ $n })
needs-earlier-line = { $category }: { $wanted } — { $by }، { $on }
needs-period-week = هذا الأسبوع (منذ { $since })
needs-period-days = في آخر { $days } يوماً (منذ { $since })
needs-evidence-heading = ما طُلب أثناء التوزيع، { $period }
needs-evidence-asked = طُلب
needs-evidence-none-available = { $period }، ولم يتوفر شيء
needs-evidence-at = { $n ->
    [one] — في توزيع واحد، { $first }
    [two] — في توزيعين، { $first }
   *[other] — في { $n } توزيعات، { $first }
}
needs-evidence-to = إلى { $last }
needs-stated-by-label = صرّح به
needs-evidence-by = { $handle }، بناءً على التوزيع
needs-evidence-state = تسجيل احتياج لـ { $n } { $category } في { $site }
needs-evidence-stated-now = المطلوب حالياً: { $wanted } ({ $by }، { $on })
needs-evidence-kept = يبقى هذا التصريح في السجل، وأيّ خيار أدناه يُنشئ تصريحاً جديداً.
needs-evidence-add = أضف { $n } { $category } إلى احتياج { $site }: { $from } ← { $to }
needs-evidence-raise = ارفع احتياج { $site } من { $category } إلى { $n }: { $from } ← { $to }
needs-evidence-no-raise = (المطلوب المعلن { $wanted } أكثر من { $n } أصلًا: الإضافة وحدها تزيده.)
needs-chart-title = احتياجات { $site }: ما وصل، وما في الطريق، والناقص
needs-chart-bar = { $category }: { $unmet } ناقصة من { $wanted }
needs-key-delivered = وصل
needs-key-transit = في الطريق
needs-key-unmet = ناقص
needs-form-heading-site = تسجيل احتياج لـ{ $site }
needs-form-intro = كما قاله الموقع. التصريح الأحدث للموقع والفئة نفسيهما يحلّ محلّ الأقدم، الذي يبقى في السجل.
needs-form-category = الفئة
needs-form-quantity = الكمية
needs-form-stated-by = صرّح به (جمعية الموقع أو المجموعة أو أنت، وليس أبداً أحداً ممن تخدمهم)
needs-form-stated-by-example = جمعية موقع البلوط
needs-form-stated-on = تاريخ التصريح
needs-form-needed-by = مطلوب قبل (اختياري)
needs-form-save = حفظ الاحتياج
needs-field-needed-by = «مطلوب قبل»
needs-error-date = يجب أن يكون { $field } تاريخاً مثل 2026-11-20.
needs-error-quantity = الكمية: { $problem }
needs-error-choice = خيار غير معروف «{ $choice }»: إضافة أو رفع
needs-error-damaged = النموذج تالف: أعد تحميل الصفحة
# Beside a need in force: the statement it replaced, and the way to every statement.
needs-was = كان { $wanted }، صرّح به { $by } في { $on }
needs-earlier-link = التصريحات السابقة لهذه الحاجة
needs-taken-back = سُحب
# The short blocks of /needs: one per site, its largest unmet needs, and the way in.
needs-top-more = { $n ->
    [one] واحتياج آخر
    [two] واحتياجان آخران
    [few] و{ $n } احتياجات أخرى
   *[other] و{ $n } احتياجاً آخر
}
needs-summary-asked = ما طُلب أثناء التوزيع { $period }:
needs-open-site = كل احتياجات { $site }
needs-open-site-state = كل احتياجات { $site }، وتسجيل احتياج
needs-all-sites = → كل المواقع
needs-no-such-site = لا يوجد موقع «{ $site }»: كل المواقع مدرجة أدناه.

# صفحة التوزيع: مخزون الموقع، وأزرار العدّ، وما طُلب ولم يتوفر، وحصيلة اليوم.
handouts-title = التوزيع
handouts-no-sites = لا توجد مواقع بعد: يضيفها المنسّق.
handouts-site = الموقع
handouts-show = عرض
handouts-in-stock-at = المخزون في { $site }
handouts-update = تحديث
handouts-day = اليوم
handouts-handed-out = ما وُزّع
handouts-nothing-to-give = لا شيء هنا يمكن توزيعه الآن. سجّل أدناه ما طلبه الناس.
handouts-have = { $n } في المخزون
handouts-unmet-summary = طُلب ولم يتوفر
handouts-unmet-count = ({ $n })
handouts-unmet-intro = عُدّ ما طلبه الناس ولم يكن في الموقع: فهو الدليل لتصريح الاحتياج القادم للموقع.
handouts-note = ملاحظة (اختيارية؛ بلا أسماء أو أرقام أشخاص أبداً)
handouts-update-total = تحديث المجموع
handouts-total-items = { $n ->
    [zero] قطعة
    [one] قطعة
    [two] قطعتان
    [few] قطع
    [many] قطعة
   *[other] قطعة
}
handouts-total-asked = طُلبت
handouts-total-as-of = حسب آخر تحديث
handouts-save = حفظ التوزيع
handouts-one-fewer = واحد أقل من { $category }
handouts-one-more = واحد أكثر من { $category }
handouts-asked-label = { $category } (مطلوب)
handouts-day-heading = { $site } يوم { $day }
handouts-day-nothing = لم يُسجَّل شيء بعد لهذا اليوم.
handouts-day-counts = { $handouts ->
    [one] سُجّل توزيع واحد
    [two] سُجّل توزيعان
    [few] سُجّلت { $handouts } توزيعات
   *[other] سُجّل { $handouts } توزيعاً
}: { $items ->
    [zero] لم تُوزَّع أي قطعة.
    [one] وُزّعت قطعة واحدة.
    [two] وُزّعت قطعتان.
    [few] وُزّعت { $items } قطع.
   *[other] وُزّعت { $items } قطعة.
}
handouts-col-category = الفئة
handouts-col-given = ما وُزّع
handouts-col-asked = طُلب ولم يتوفر
handouts-no-such-site = لا يوجد موقع «{ $site }»؛ اختر موقعاً من القائمة.
handouts-saved-short = حُفظ التوزيع رقم { $id } في { $site }.
handouts-saved = { $n ->
    [zero] لم تُوزَّع أي قطعة في { $site }
    [one] وُزّعت قطعة واحدة في { $site }
    [two] وُزّعت قطعتان في { $site }
    [few] وُزّعت { $n } قطع في { $site }
   *[other] وُزّعت { $n } قطعة في { $site }
}
handouts-saved-given = { $said }: { $lines }.
handouts-saved-none = { $said }.
handouts-saved-asked = طُلب ولم يتوفر: { $lines }.
handouts-error-in = { $field }: { $problem }
handouts-error-only = المتوفر هنا للتوزيع { $n } فقط.
handouts-error-short = لا يكفي ما في الموقع لهذا التوزيع (انظر الصفوف المعلَّمة أدناه). سجّل الناقص على أنه طُلب ولم يتوفر.
handouts-error-empty = عُدّ قطعة واحدة على الأقل وُزّعت، أو واحدة طُلبت ولم تتوفر.
handouts-error-pick-site = اختر موقعاً أولاً.
handouts-error-date = يجب أن يكون التاريخ بالشكل 2026-08-30.
handouts-error-date-range = يجب أن يكون اليوم بين 2000-01-01 والغد.
handouts-again-title = مطابق للتوزيع المحفوظ الساعة { $time } — هل تحفظه مرة أخرى؟
handouts-again-text = حفظتَ قبل أقل من { $minutes } دقائق توزيعاً بهذه الأعداد نفسها في { $site }. لا تحفظه مرة أخرى إلا إذا كان توزيعاً ثانياً منفصلاً.
handouts-again-save = الحفظ مرة أخرى
handouts-sites = المواقع
handouts-total-to-fix = { $n ->
    [one] خانة واحدة للتصحيح
   *[other] { $n } خانات للتصحيح
}

# التقرير العام (/report) وتقرير التنسيق (/reports).
reports-public-title = التقرير
reports-public-heading = ما أنقذناه وتقاسمناه
reports-public-intro = خيام وأكياس نوم وبطانيات وغيرها، جُمعت من ساحات المهرجانات أو تُبرّع بها، وفرزها متطوعون ووُزّعت في المخيمات والمساكن المشغولة. لا شيء هنا يُباع. لا تُذكر أسماء المواقع أبداً، ولا يُسجَّل أي شخص تلقّى شيئاً.
reports-title = التقارير
reports-bad-date = «{ $raw }» ليس تاريخاً مثل 2026-08-30، لذلك لم يُقيَّد { $field }.
reports-the-start = البداية
reports-the-end = النهاية
reports-items-salvaged = { $n ->
    [one] قطعة أُنقذت
    [two] قطعتان أُنقذتا
    [few] قطع أُنقذت
   *[other] قطعة أُنقذت
}
reports-diverted = لم تذهب إلى المكبّ
reports-items-handed-out = { $n ->
    [one] قطعة وُزّعت
    [two] قطعتان وُزّعتا
    [few] قطع وُزّعت
   *[other] قطعة وُزّعت
}
reports-asked-not-available = طُلبت ولم تتوفر
reports-written-off = أُتلفت
reports-from = من
reports-to = إلى
reports-where = أين
reports-all-sites-together = كل المواقع معاً
reports-show = عرض
reports-chart-sources = ما أُنقذ حسب المهرجان أو المتبرع (قطع)
reports-chart-handed-out = ما وُزّع حسب الشهر (قطع)
reports-chart-kg = الكيلوغرامات التي لم تذهب إلى المكبّ حسب الشهر
reports-chart-empty = لا شيء في هذه الفترة.
reports-col-month = الشهر
reports-col-salvaged = أُنقذ
reports-col-kg = كغ
reports-col-out = خرج
reports-col-not-there = غير متوفر
reports-col-held-at = محفوظ في
reports-col-items = القطع
reports-col-goods = البضائع
reports-col-region = المنطقة
reports-col-handed-out = وُزّع
reports-col-site = الموقع
reports-col-asked-for = طُلب
reports-col-wanted = المطلوب
reports-col-delivered = ما وصل
reports-col-transit = في الطريق
reports-col-unmet = الناقص
reports-col-covered = المُغطّى
reports-col-source = المصدر
reports-col-reason = السبب
reports-kind = { $kind ->
    [warehouse] المستودعات
    [site] المواقع
    [van] الشاحنات
   *[other] { $kind }
}
reports-percent = { $n }٪
reports-region-hidden = هذه المنطقة لا تُعرض وحدها؛ إليك كل المواقع معاً.
reports-other-regions = مناطق أخرى
reports-scope-other-regions = التوزيع في المناطق الأخرى مجتمعة؛ الإنقاذ والمخزون للمجموعة كلها.
reports-scope-region = التوزيع في { $region }؛ الإنقاذ والمخزون للمجموعة كلها.
reports-scope-all = كل المواقع معاً.
reports-scope-period = من { $from } إلى { $to }.
reports-by-month = حسب الشهر
reports-by-kind = ما وُزّع حسب نوع البضائع
reports-by-region = حسب المنطقة
reports-region-rule = لا تُعرض المنطقة وحدها إلا إذا كان فيها موقعان على الأقل.
reports-stated-needs = الاحتياجات التي صرّحت بها المواقع
reports-coverage = تطلب المواقع { $wanted } قطعة حالياً؛ وصلها { $delivered } منذ أن طلبت (تغطية { $percent })، وما زال { $unmet } مطلوباً.
reports-held-now = المخزون الآن
reports-public-view = العرض العام
# Before the CSV files' links.
reports-json = ملخص JSON
reports-csv-lead = ملفات CSV:
reports-csv-stock = المخزون
reports-csv-ledger = الدفتر
reports-csv-handouts = التوزيع
reports-csv-needs = الاحتياجات
reports-by-site = ما وُزّع حسب الموقع
reports-by-site-and-kind = ما وُزّع حسب الموقع ونوع البضائع
reports-unmet = ما طُلب ولم يتوفر
reports-coverage-by-site = تغطية الاحتياجات حسب الموقع
reports-coverage-intro = الاحتياجات المعمول بها الآن، أياً كانت الفترة: ما أراده كل موقع، وما وصله منذ أن قال ذلك، وما في الطريق، وما لم يُلبَّ بعد.
reports-no-needs = لم يصرّح أي موقع باحتياج بعد.
reports-all-sites = كل المواقع
reports-by-source = ما أُنقذ حسب المهرجان أو المتبرع
reports-by-reason = ما أُتلف حسب السبب

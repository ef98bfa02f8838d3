# صفحات المستودع: الفرز، والنقل، والجرد، والإتلاف.
movements-tabs = المستودع
movements-tab-triage = الفرز
movements-tab-transfer = نقل
movements-tab-stocktake = جرد
movements-tab-writeoff = إتلاف
movements-places = الأماكن
movements-place-not-listed = هذا المكان ليس في القائمة: اختر واحداً من الأعلى.
movements-replayed = (سبق إرسال هذا النموذج: حُسب مرة واحدة فقط.)
movements-nothing-saved = { $n ->
    [one] لم يُحفظ شيء: هناك أمر واحد يجب تصحيحه، مبيَّن أدناه.
    [two] لم يُحفظ شيء: هناك أمران يجب تصحيحهما، مبيَّنان أدناه.
    [few] لم يُحفظ شيء: هناك { $n } أمور يجب تصحيحها، مبيَّنة أدناه.
   *[other] لم يُحفظ شيء: هناك { $n } أمراً يجب تصحيحه، مبيَّنة أدناه.
}
movements-how-many = كم
movements-how-many-of = كم من { $category } ({ $condition })
movements-line = { $n } × { $category } ({ $condition })
movements-group = { $group ->
    [shelter] المأوى
    [sleeping] النوم
    [cooking] الطبخ
    [clothing] الملابس
    [food] الطعام
    [bikes] الدراجات
   *[other] أخرى
}

## الفرز
movements-triage-title = الفرز
movements-triage-at = الفرز في { $place }
movements-triage-empty = لا شيء هنا ينتظر التجفيف أو التنظيف أو الإصلاح.
movements-waiting = { $n } بانتظار العمل
movements-to-good = { $from ->
    [needs-drying] جُفِّفت ← جيد
    [needs-cleaning] نُظِّفت ← جيد
    [needs-repair] أُصلحت ← جيد
   *[other] ← جيد
}
movements-to-usable = علِّمه صالحًا للاستعمال
movements-to-unusable = علِّمه غير صالح للاستعمال
movements-regraded = { $from ->
    [needs-drying] جُفِّف
    [needs-cleaning] نُظِّف
    [needs-repair] أُصلح
   *[other] أُعيد تصنيف
} { $n } × { $category }: من «{ $was }» إلى «{ $now }» في { $place }.

## النقل
movements-transfer-title = نقل
movements-transfer-from = نقل من { $place }
movements-transfer-which = من أي مستودع؟ المس واحداً لعرض مخزونه.
movements-to = إلى
movements-choose = اختر…
movements-warehouses = المستودعات
movements-sites-outside-run = المواقع (خارج رحلة)
movements-what-to-move = ما الذي يُنقل من { $place }
movements-in-stock = { $n } في المخزون
movements-nothing-in-stock = لا شيء في المخزون هنا.
movements-note = ملاحظة (اختيارية)
movements-transfer-button = نقل من { $place }
movements-no-warehouse = لا يوجد مستودع بعد: يضيفه منسّق من صفحة الإدارة.
movements-moved = { $n ->
    [one] نُقلت قطعة واحدة
    [two] نُقلت قطعتان
    [few] نُقلت { $n } قطع
   *[other] نُقلت { $n } قطعة
} من { $from } إلى { $to }: { $lines }.

## الإتلاف
movements-writeoff-title = إتلاف
movements-writeoff-at = إتلاف في { $place }
movements-writeoff-intro = ما لا يمكن استعماله ولا توزيعه يخرج من المخزون نهائياً.
movements-reason = السبب (إلزامي)
movements-writeoff-button = إتلاف…
movements-writeoff-confirm-title = { $n ->
    [one] إتلاف قطعة واحدة؟
    [two] إتلاف قطعتين؟
    [few] إتلاف { $n } قطع؟
   *[other] إتلاف { $n } قطعة؟
}
movements-writeoff-restated = في { $place }: { $lines }.
movements-reason-said = السبب:
movements-writeoff-for-good = تخرج من المخزون نهائياً.
movements-writeoff-confirm = إتلاف
movements-wrote-off = { $n ->
    [one] أُتلفت قطعة واحدة
    [two] أُتلفت قطعتان
    [few] أُتلفت { $n } قطع
   *[other] أُتلفت { $n } قطعة
} في { $place }: { $lines }.

## الجرد
movements-stocktake-title = جرد
movements-stocktake-at = جرد في { $place }
movements-stocktake-intro = عُدّ ما هو موجود فعلاً. تظهر الفروقات قبل حفظ أي شيء.
movements-in-the-books = { $n } في السجلات
movements-found = وُجد وليس في السجلات
movements-category = الفئة
movements-category-choose = الفئة…
movements-count = العدد
movements-condition = الحالة
movements-reason-monthly = مثلاً: الجرد الشهري
movements-stocktake-check = عرض الفروقات
movements-stocktake-matches = كل ما عُدّ يطابق السجلات: يُحفظ الجرد دون أي تغيير.
movements-stocktake-will-set = ستُضبط هذه الأسطر على ما عددته:
movements-col-what = ماذا
movements-col-books = السجلات
movements-col-count = العدّ
movements-stocktake-confirm-title = حفظ الجرد في { $place }؟
movements-stocktake-confirm = حفظ الجرد
movements-stocktake-change = { $category } { $condition } { $change }
movements-stocktake-saved = حُفظ الجرد في { $place }: { $changes }.
movements-stocktake-saved-same = حُفظ الجرد في { $place }: لا فروقات.

## ما يقوله النموذج المرفوض بجانب حقوله
movements-err-form-key = ينقص هذا النموذجَ مفتاحُه: أعد تحميل الصفحة وأرسله من جديد.
movements-err-key-used = سبق إرسال هذا النموذج بأعداد أخرى: أعد تحميل الصفحة واملأه من جديد.
movements-err-short = { $n ->
    [0] لم يبقَ أي { $category } ({ $condition }) في { $place }.
   *[other] يوجد { $n } فقط من { $category } ({ $condition }) في { $place }: اكتب { $n } أو أقل.
}
movements-err-short-loose = { $n ->
    [0] كل { $category } ({ $condition }) في { $place } معبّأة في صناديق: أخرجها من صندوقها أولاً.
   *[other] يوجد { $n } فقط من { $category } ({ $condition }) خارج الصناديق في { $place }: اكتب { $n } أو أقل، أو أخرج المزيد من صندوقه أولاً.
}
movements-err-row-gone = هذا السطر لم يعد ينتظر هنا: القائمة أدناه محدَّثة.
movements-err-line-gone = أحد أسطر هذا النموذج لم يعد في القائمة: تُعرض القائمة من جديد كما هي الآن.
movements-err-no-lines = اكتب عدداً في سطر واحد على الأقل.
movements-err-condition = اختر حالة من القائمة.
movements-err-same-condition = حالتها الآن «{ $condition }»: اختر حالة أخرى.
movements-err-choose-to = اختر إلى أين تذهب البضائع.
movements-err-to-unknown = هذا المكان ليس في القائمة: اختر واحداً.
movements-err-same-place = البضائع موجودة أصلاً في { $place }: اختر مكاناً آخر.
movements-err-writeoff-reason = اذكر سبب إتلاف هذه القطع.
movements-err-stocktake-reason = اذكر سبب الجرد (مثلاً: الجرد الشهري).
movements-err-counted-twice = { $category } ({ $condition }) معدود مرتين: عُدّه في سطر واحد.
movements-err-found-what = اختر ما وجدته، أو امسح العدد.
movements-err-count-none = عُدّ سطراً واحداً على الأقل.
movements-err-text-control = حروف وأرقام وعلامات ترقيم فقط: بلا جدولة ولا أسطر جديدة.
movements-err-text-phone = لا تكتب أرقام هواتف: Haul لا يحتفظ بأي سجل عن الأشخاص الذين يخدمهم.
movements-err-text-email = لا تكتب عناوين بريد إلكتروني: Haul لا يحتفظ بأي سجل عن الأشخاص الذين يخدمهم.
movements-err-text-long = { $max } حرفاً على الأكثر.

## ورقة طويلة مُصفّاة (نقل، جرد، شطب)
movements-filter-find = ابحث
movements-filter-button = اعرض
movements-filter-groups = اعرض مجموعة واحدة
movements-filter-all = الكل
movements-filter-shown-both = { $group } مما يحتوي «{ $find }»: تُعرض { $shown } من { $total } سطراً.
movements-filter-shown-group = { $group }: تُعرض { $shown } من { $total } سطراً.
movements-filter-shown-find = ما يحتوي «{ $find }»: تُعرض { $shown } من { $total } سطراً.
movements-filter-kept = الأعداد المكتوبة في الأسطر الأخرى محفوظة.
movements-filter-show-all = اعرض الكل
movements-filter-find-dropped = لا شيء في { $group } يحتوي «{ $find }»، لذا مُسح البحث.

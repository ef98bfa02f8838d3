# رحلات الشاحنات: القائمة، بدء رحلة، خطة الحمولة وورقة التحميل، صفحة المحطة للسائق،
# العودة، ورحلات يوم واحد مخطَّطة معًا.
runs-title = رحلات الشاحنات
runs-today = رحلات اليوم
runs-today-none = لا تنطلق أي رحلة اليوم.
runs-today-run = الرحلة رقم { $id }: { $van } من { $origin } إلى { $stops } ({ $status })
runs-all = كل الرحلات
runs-all-link = كل الرحلات
runs-none = لا توجد رحلات بعد.
runs-col-run = الرحلة
runs-col-van = الشاحنة
runs-col-from = من
runs-col-departs = الانطلاق
runs-col-status = الحالة
runs-col-stop = المحطة
runs-col-goods = الأغراض
runs-col-cond = الحالة
runs-col-count = العدد
runs-col-planned = المخطَّط
runs-col-delivered = المُسلَّم
runs-col-per-litre = نقاط لكل لتر
runs-col-per-kg = نقاط لكل كغ
runs-col-per-stop = لكل محطة
runs-number = الرحلة رقم { $id }
runs-run-title = الرحلة رقم { $id }: { $van }
runs-day-mon = الاثنين
runs-day-tue = الثلاثاء
runs-day-wed = الأربعاء
runs-day-thu = الخميس
runs-day-fri = الجمعة
runs-day-sat = السبت
runs-day-sun = الأحد
runs-weekday-date = { $weekday } { $date }
runs-items = { $n ->
    [zero] لا قطع
    [one] قطعة واحدة
    [two] قطعتان
    [few] { $n } قطع
    [many] { $n } قطعة
   *[other] { $n } قطعة
}
runs-count = { $n } × { $name }
runs-line = { $n } × { $name } ({ $condition })
runs-goods-cond = { $name } ({ $condition })
runs-per-stop = { $site } { $n }
runs-percent = { $p }٪
runs-nothing-saved = لم يُحفَظ شيء: { $reasons }.
runs-unreadable = حقل غير مقروء { $field }

# صفحة السائق الرئيسية: رحلة اليوم أولًا.
runs-home-driver = رحلة اليوم
runs-home-driver-what = التحميل، والتسليم في كل محطة، وإعادة ما تبقّى

# تخطيط شاحنات يوم واحد معًا، وبدء رحلة.
runs-plan-days = خطّط شاحنات اليوم نفسه معًا
runs-plan-day-link = { $n ->
    [one] خطّط رحلة يوم { $day }
    [two] خطّط الرحلتين ليوم { $day }
    [few] خطّط الرحلات الـ{ $n } ليوم { $day }
   *[other] خطّط الرحلات الـ{ $n } ليوم { $day }
}
runs-start = بدء رحلة
runs-no-vans = لا توجد شاحنات بعد: يضيفها المنسّق من
runs-no-vans-link = الإدارة ← الشاحنات
runs-form-van = الشاحنة
runs-van-option = { $name } ({ $litres } لتر، { $kg } كغ)
runs-form-origin = من المستودع
runs-form-stop = المحطة { $n }
runs-form-departs = تاريخ الانطلاق
runs-form-start = ابدأ الرحلة
runs-form-departs-missing = اختر يوم انطلاق الشاحنة.
runs-form-departs-range = اختر يومًا في حدود سنة من اليوم.
runs-form-van-unknown = اختر شاحنة من القائمة.
runs-form-van-booked = لدى { $van } الرحلة رقم { $run } في ذلك اليوم: تقوم الشاحنة برحلة واحدة في اليوم. اختر شاحنة أخرى أو يومًا آخر.
runs-form-origin-bad = اختر المستودع الذي تُحمَّل منه الشاحنة.
runs-form-stops-none = اختر محطة واحدة على الأقل.
runs-form-stop-bad = اختر موقعًا من القائمة.
runs-form-stop-twice = هذا الموقع محطة في هذه الرحلة من قبل: كل موقع مرة واحدة.
runs-started = بدأت الرحلة رقم { $id }: { $van } من { $origin } يوم { $date }، إلى { $stops }. الخطوة التالية: خطّط الحمولة.

# رحلة واحدة.
runs-run-facts = من { $origin } يوم { $date } · { $status } · { $volume } من { $capacity } لتر، { $weight } من { $payload } كغ
runs-manifest = بيان الحمولة (CSV)
runs-plan = خطّط الحمولة
runs-plan-again = خطّط من جديد
runs-edit = تعديل الكميات
runs-edit-label = { $name } لـ{ $site }
runs-edit-save = احفظ الكميات
runs-edit-not-count = { $item } لـ{ $site }: { $problem }
runs-print = اطبع ورقة التحميل
runs-boxes = الصناديق التي تُمسَح
runs-driver = السائق
runs-driver-jump = خطوة السائق التالية ↓
runs-load = تم التحميل: كل ما في الورقة موجود في الشاحنة
runs-deliver-at = التسليم في { $site }
runs-back-at = العودة إلى { $origin }: أفرِغ ما تبقّى
runs-driver-next = { $status ->
    [planning] { $planned ->
        [yes] التالي: حمّل كل ما في الورقة في الشاحنة، ثم اضغط «تم التحميل».
       *[no] لا شيء للتحميل بعد: يخطط المستودع للرحلة أولاً.
    }
    [loaded] التالي: سلّم عند كل محطة، ثم أعد ما تبقى.
    [delivered] التالي: عند العودة إلى المستودع، أفرغ ما تبقى.
    [done] انتهت هذه الرحلة.
   *[other] لا شيء آخر لهذه الرحلة.
}
runs-cancel-heading = إن لم تُنفَّذ الرحلة
runs-cancel = ألغِ هذه الرحلة
runs-stop-no-need = لا شيء لإحضاره إلى { $site }: لا احتياج غير مُلبّى.
runs-stop-nothing-planned = لم يُخطَّط شيء لـ{ $site }: ما زال يحتاجه غير متوفر في { $origin }، أو أخذت أغراض أنفع مكانه.
runs-stop-remove = احذف { $site } من هذه الرحلة
runs-stop-removed = حُذف { $site } من الرحلة رقم { $id }.
runs-planned = خُطّط لـ{ $van }: { $items }: { $words }. هذه الحمولة هي الأفضل لهذه الشاحنة.
runs-planned-nothing = تم التخطيط: لا شيء مما تحتاجه المحطات متوفر في المستودع.
runs-saved = حُفظ: تحمل الرحلة رقم { $id } الآن { $items }: { $words }.
runs-saved-nothing = حُفظ: لا تحمل الرحلة رقم { $id } شيئًا الآن.
runs-loaded = حُمِّل في { $van }: { $items }: { $words }.

# لماذا هذه الحمولة.
runs-why = لماذا هذه الحمولة
runs-why-worth = قيمتها { $points } نقطة أولوية (لا يمكن لأي حمولة أن تتجاوز { $bound }).
runs-why-fill = الحجم ممتلئ بنسبة { $volume }، والوزن بنسبة { $payload }.
runs-why-how = لكل غرض نقاط تُحدَّد في صفحة الأولويات. تُملأ الشاحنة بما يجلب أكثر النقاط مقابل المكان والوزن الذي يأخذه: العددان الأخيران هما النقاط التي يجلبها لتر واحد أو كيلو واحد من الشاحنة بهذا الغرض.
runs-limit-both = ما يمنع تحميل المزيد: مساحة الشاحنة وحمولتها.
runs-limit-volume = ما يمنع تحميل المزيد: مساحة الشاحنة.
runs-limit-payload = ما يمنع تحميل المزيد: حمولة الشاحنة (الوزن).
runs-limit-search = توقّف البحث مبكرًا: قد يتسع المزيد.
runs-limit-no-stock = في الشاحنة مكان فارغ: لم يبق في المستودع مخزون بحالة «{ $conditions }» مما تحتاجه المحطات.
runs-limit-no-stock-mixed = في الشاحنة مكان فارغ: لم يبق في المستودع مخزون، بالحالات التي تقبلها الأولويات، مما تحتاجه المحطات (كل سطر أدناه يسمّيها).
runs-limit-room = في الشاحنة مكان فارغ: تحمل كل ما تحتاجه المحطات.
runs-left = ما بقي في المستودع
runs-left-line = — ما زال { $n } مطلوبًا في المحطات ولم يُحمَّل: { $reason }
runs-left-unneeded = — { $n } في المخزون لم يُحمَّل: { $reason }
runs-left-no-stock = لا مخزون بحالة «{ $conditions }» في المستودع
runs-left-short = المخزون بحالة «{ $conditions }» في المستودع لا يكفي
runs-conditions-either = { $first } أو { $last }
runs-left-no-need = لا احتياج غير مُلبّى في المحطات
runs-left-no-value = ليس له نقاط في صفحة الأولويات، فلا يُحمَّل أبدًا
runs-left-too-big = القطعة الواحدة أكبر من الشاحنة كلها
runs-left-too-heavy = القطعة الواحدة أثقل من حمولة الشاحنة
runs-left-full-volume = الشاحنة ممتلئة حجمًا
runs-left-full-payload = الشاحنة ممتلئة وزنًا
runs-left-full = لا مكان بجانب أغراض أنفع
runs-left-search = توقّف البحث قبل أن يجد له مكانًا

# ورقة التحميل.
runs-sheet = ورقة التحميل
runs-sheet-stop = المحطة { $n }: { $site }
runs-sheet-delivered = سُلِّمت
runs-stayed = ({ $n } بقي في الشاحنة)
runs-came-back = ما عاد إلى { $origin }
runs-came-back-nothing = لم يعد شيء: سُلِّم كل ما حُمِّل.
runs-sheet-title = الرحلة رقم { $id }: { $van } من { $origin }، { $date }
runs-sheet-page = ورقة التحميل، الرحلة رقم { $id }
runs-sheet-print = اطبع هذه الصفحة بأمر الطباعة في المتصفح (Ctrl+P، أو مشاركة ← طباعة على الهاتف).
runs-back-to-run = العودة إلى الرحلة

# صفحة المحطة للسائق.
runs-stop-title = الرحلة رقم { $id }: التسليم في { $site }
runs-stop-already = سُلِّمت هذه المحطة من قبل.
runs-stop-not-now = الرحلة { $status }: لا شيء للتسليم الآن.
runs-stop-intro = غيّر كل عدد إلى ما أخذه الموقع فعلًا. ما لا يأخذه يبقى في الشاحنة ويعود معها.
runs-stop-line = { $condition }، المخطَّط { $n }
runs-stop-spare = في الشاحنة أيضًا: { $n ->
    [one] قطعة زائدة واحدة
   *[other] { $n } قطع زائدة
}
runs-stop-spare-intro = تركتها محطات سابقة، ولم تُخطَّط لأي محطة لاحقة. اكتبوا ما يأخذه هذا الموقع أيضًا؛ والباقي يعود مع العودة.
runs-stop-spare-line = { $condition }، { $n } زائد
runs-stop-confirm = تم التسليم في { $site }
runs-stop-not-count = { $item }: { $problem }
runs-stop-empty = { $item }: اكتبوا عددًا، 0 إن لم يأخذ الموقع شيئًا.
runs-stop-line-more = { $condition }، المخطَّط { $n }، في الشاحنة { $have }
runs-stop-too-many = { $item }: { $n } أكثر من { $have } الموجودة في الشاحنة.
runs-stop-all-zero = كل الأعداد 0: إن لم يأخذ الموقع شيئًا، اترك المحطة وأعِد الشاحنة.
runs-delivered = سُلِّم في { $site }: { $items }: { $words }
runs-delivered-nothing = لم يُسلَّم شيء في { $site }
runs-delivered-all = { $done }.
runs-delivered-kept = { $done }؛ { $words } تبقى في الشاحنة لمحطة لاحقة أو للعودة.

# العودة والإلغاء.
runs-return-empty = الشاحنة فارغة.
runs-return-going = يعود إلى { $origin }:
runs-return-open = لم يُسلَّم بعد: { $sites }. بعد العودة تنتهي الرحلة ولا تحصل هذه المحطات على شيء منها.
runs-return-title = عودة الرحلة رقم { $id }
runs-return-question = العودة إلى { $origin }: إفراغ ما تبقّى وإغلاق الرحلة؟ لا يمكن التراجع عن ذلك.
runs-return-yes = نعم، أفرِغ في { $origin }
runs-returned-empty = العودة إلى { $origin }: كانت الشاحنة فارغة. انتهت الرحلة رقم { $id }.
runs-returned = أُفرغ في { $origin }: { $items }: { $words }. انتهت الرحلة رقم { $id }.
runs-cancel-title = إلغاء الرحلة رقم { $id }
runs-cancel-question = إلغاء الرحلة رقم { $id } ({ $van } من { $origin }، { $date })؟ تُحذف أسطرها المخطَّطة، ويعود المخزون والاحتياج الذي حجزته متاحًا لخطط أخرى.
runs-cancel-yes = نعم، ألغِ الرحلة
runs-cancelled = أُلغيت الرحلة رقم { $id } ({ $van } من { $origin }، { $date }): مخزونها واحتياجها متاحان لخطط أخرى.

# رحلات يوم واحد مخطَّطة معًا.
runs-day-title = رحلات يوم { $day }
runs-day-none = لا تنطلق في ذلك اليوم أي رحلة قيد التخطيط.
runs-day-run = { $van } من { $origin } إلى { $stops }
runs-day-plan = { $n ->
    [one] خطّط الرحلة
    [two] خطّط الرحلتين معًا
   *[other] خطّط الرحلات الـ{ $n } معًا
}
runs-day-planned = { $n ->
    [one] خُطّطت الرحلة: { $items } — { $words }.
    [two] خُطّطت الرحلتان معًا: { $items } — { $words }.
   *[other] خُطّطت { $n } رحلات معًا: { $items } — { $words }.
}
runs-fleet-why = لماذا هذه الحمولات
runs-fleet-worth = قيمتها { $points } نقطة أولوية — تخطيط الشاحنات واحدة بعد الأخرى يعطي { $sequential }؛ لا يمكن لأي خطة أن تتجاوز { $bound }.
runs-fleet-best = هذه أفضل خطة.
runs-fleet-gap = توقّف البحث مبكرًا: هذه أفضل خطة وُجدت، في حدود { $gap }٪ من الحد الأقصى.
runs-fleet-van = { $van }، الرحلة رقم { $id }
runs-fleet-nothing = لا تحمل { $van } شيئًا: محطاتها لا تحتاج شيئًا متوفرًا في مستودعها، أو تحمله الشاحنات الأخرى.
runs-fleet-full-volume = ممتلئة حجمًا ({ $volume } من { $litres } لتر، الوزن { $payload }): تحمل ما قيمته أعلى لكل لتر، أولًا { $first }.
runs-fleet-full-payload = ممتلئة وزنًا ({ $payload } من { $kg } كغ، الحجم { $volume }): تحمل ما قيمته أعلى لكل كيلو، أولًا { $first }.
runs-fleet-room = فيها مكان فارغ ({ $volume } من الحجم، { $payload } من الوزن): تحمل كل ما تحتاجه محطاتها مما يتوفر في مستودعها، أولًا { $first }.
runs-fleet-in-van = { $n } في { $van }
runs-fleet-shared = { $name }: { $n } هنا، { $others }.
runs-fleet-left = — ما زال { $n } مطلوبًا ولم يُحمَّل: لا تحمل الشاحنات أكثر (لا مخزون إضافي بحالة «{ $conditions }» في المستودعات، أو لا مكان).

# حالة الرحلة: كعنوان، وداخل جملة («الرحلة رقم 3 …»).
runs-status-planned = مُخطَّطة، جاهزة للتحميل
runs-status = { $status ->
    [planning] قيد التخطيط
    [loaded] محمَّلة وفي الطريق
    [delivered] سُلِّمت في كل المحطات
   *[done] منتهية
}
runs-state = { $status ->
    [planning] مخطَّطة ولم تُحمَّل بعد
    [loaded] محمَّلة وفي الطريق
    [delivered] سُلِّمت في كل المحطات
   *[done] منتهية
}

# لماذا رُفضت خطوة من خطوات الرحلة.
runs-refused-status = الرحلة رقم { $id } { $state }: { $step ->
    [plan] لا تُخطَّط إلا رحلة ما زالت قيد التخطيط.
    [edit] لا تتغير كمياتها إلا أثناء التخطيط.
    [load] لا تُحمَّل إلا رحلة ما زالت قيد التخطيط.
    [deliver] لا تُسلَّم محطة إلا والشاحنة في الطريق.
    [return] لا تعود إلا بعد تحميلها.
    [returned] عادت من قبل؛ لم يتغير شيء.
    [cancel] لا تُلغى إلا رحلة ما زالت قيد التخطيط.
    [remove-stop] لا تتغير محطاتها إلا أثناء التخطيط.
   *[other] لا يمكن فعل هذا الآن.
}
runs-refused-nothing-planned = لا شيء مخطط للرحلة رقم { $id } بعد: خطِّط الحمولة (أو اكتب الكميات) قبل التحميل.
runs-refused-van-busy = { $van } ما زالت في الرحلة رقم { $other }: أعِد تلك الرحلة أولًا.
runs-refused-delivered = سُلِّمت { $site } من قبل في الرحلة رقم { $id }: لم يتغير شيء.
runs-refused-last-stop = { $site } هي المحطة الوحيدة للرحلة رقم { $id }: ألغِ الرحلة بدلًا من ذلك.
runs-short = المتاح في { $origin } { $have } فقط من { $item } ({ $condition }): المطلوب { $n }.
runs-out-of-date = الخطة لم تعد محدَّثة: لم يعد في { $origin } كل ما تعتمد عليه.
runs-replan-planner = خطّط للرحلة من جديد لتحميل ما هو موجود الآن.
runs-replan-driver = على المستودع أن يخطّط لهذه الرحلة من جديد قبل أن تُحمَّل.

# مشاكل نموذج الكميات، كل واحدة بجانب سطرها.
runs-edit-refused = { $n ->
    [one] لم يُحفظ شيء: مشكلة واحدة، مُعلَّمة أدناه.
   *[other] لم يُحفظ شيء: { $n } مشاكل، كل واحدة مُعلَّمة أدناه.
}
runs-edit-too-many = أسطر كثيرة جدًا لرحلة واحدة: خطِّط لأنواع أقل من البضائع.
runs-edit-unknown-item = هذا الصنف لم يعد في الفهرس: أعِد تحميل الصفحة.
runs-edit-not-a-stop = هذا الموقع لم يعد محطة للرحلة رقم { $id }: أعِد تحميل الصفحة.
runs-edit-not-eligible = لا يخرج { $item } بحالة { $condition }: ترسل المجموعة { $minimum } أو أفضل.
runs-edit-twice = هذا السطر مكرر: أعِد تحميل الصفحة.
runs-edit-over-volume = تتسع { $van } لـ{ $capacity } لتر؛ وتحتاج هذه الأسطر { $need } لتر، أي { $over } لتر زيادة. خفِّض بعض الكميات.
runs-edit-over-payload = تحمل { $van } { $payload } كغ؛ وتزن هذه الأسطر { $need } كغ، أي { $over } كغ زيادة. خفِّض بعض الكميات.
runs-edit-short = المتاح في { $origin } بعد خطط الرحلات الأخرى { $have } فقط من { $item } ({ $condition })؛ وتطلب هذه الأسطر { $n }.

# محطة لم تُسلِّمها رحلة عادت.
runs-sheet-not-delivered = لم تُسلَّم
runs-sheet-not-delivered-why = عادت الشاحنة دون التوقف هنا: ما كان مخططًا له عاد إلى { $origin }.

# الصناديق تحت سطر من ورقة التحميل.
runs-box-in = في صناديق:
runs-box-holds = ({ $n })
runs-box-open = افتح الصندوق { $code } وأخرج منه { $n } × { $item } ({ $condition }): لا يكفي ما هو خارج الصناديق.

# ورقة صناديق الرحلة، وتحميل صندوق من صفحته.
runs-boxsheet-ticked = عُلِّم الصندوق { $code }: مُسح { $scanned } من { $planned } صندوقًا.
runs-boxsheet-short-done = تأكَّد النقص: خرجت الصناديق المفقودة من الخطة.
runs-boxsheet-title = الرحلة رقم { $id }: الصناديق
runs-boxsheet-page = صناديق الرحلة رقم { $id }
runs-boxsheet-count = مُسح { $scanned } من { $planned } صندوقًا مخططًا.
runs-boxsheet-none = لا صناديق لهذه المحطة: بضائع سائبة فقط.
runs-boxsheet-col-box = الصندوق
runs-boxsheet-col-what = المحتوى
runs-boxsheet-col-qty = العدد
runs-boxsheet-missing = { $n ->
    [one] صندوق واحد لم يُمسح. إن لم يوجد، أكِّد النقص: يخرج من الخطة ويمكن تحميل الشاحنة بدونه.
   *[other] { $n } صناديق لم تُمسح. إن لم توجد، أكِّد النقص: تخرج من الخطة ويمكن تحميل الشاحنة بدونها.
}
runs-boxsheet-confirm-short = أكِّد النقص
runs-boxsheet-type-code = اكتب رمزًا
runs-boxsheet-run-to = الرحلة رقم { $id } ← { $site }
runs-boxsheet-ticked-already = مُعلَّم على ورقة التحميل.
runs-boxsheet-load = حمِّله في الشاحنة
runs-boxsheet-link = ورقة صناديق الرحلة
runs-boxsheet-sure = هل أنت متأكد؟
runs-boxsheet-question = تحميل الصندوق { $code } ({ $n } × { $item }) في شاحنة الرحلة رقم { $id }؟
runs-boxsheet-yes = نعم، إنه في الشاحنة

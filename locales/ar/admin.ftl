# صفحات الإدارة للتنسيق: المتطوعون، الشاحنات، المستودعات والمواقع، والكتالوج.
admin-title = الإدارة
admin-tab-volunteers = المتطوعون
admin-tab-vans = الشاحنات
admin-tab-places = المستودعات والمواقع
admin-tab-catalogue = الكتالوج
admin-hub-volunteers = إضافة، تغيير الدور أو اللغة، إيقاف الحساب، روابط كلمة المرور
admin-hub-vans = إضافة، تعديل، إخراج من الخدمة
admin-hub-places = إضافة، تغيير الاسم، العنوان، أرشفة
admin-hub-catalogue = الفئات، أسماؤها بكل لغة، حجمها ووزنها ومجموعتها
admin-save = حفظ
admin-nothing-changed = { $name }: لم يتغير شيء.
admin-name-label = الاسم
admin-code-label = اسم مختصر للقوائم (اختياري)
admin-code-help = حروف لاتينية صغيرة من a إلى z وأرقام وشَرطات، مثل unit-south: يُعرَف به في الجداول وعناوين الويب، ولا يمكن تغييره لاحقًا. اتركه فارغًا فيصنعه Haul من الاسم.

## المتطوعون
admin-volunteers-title = المتطوعون
admin-volunteer-add = إضافة متطوع أو متطوعة
admin-handle-label = اسم المستخدم (لقب، لا الاسم الحقيقي)
admin-role-label = الدور
admin-lang-label = اللغة التي يخاطبه بها Haul
admin-lang-browser = لغة هاتفه
admin-volunteer-add-button = إضافة وإنشاء رابط لكلمة المرور
admin-volunteers-everyone = الجميع
admin-volunteer-deactivated = موقوف
admin-role-of = دور { $handle }
admin-lang-of = لغة { $handle }
admin-password-link = رابط كلمة المرور
admin-deactivate-button = إيقاف الحساب…
admin-link-give = أعطِ { $handle } هذا الرابط ليختار كلمة مروره. يعمل مرة واحدة فقط، حتى { $until } بالتوقيت العالمي. لن يعرضه Haul مرة أخرى.
admin-volunteer-added = أُضيف { $handle }، الدور: { $role }.
admin-role-changed = { $handle }: { $before } ← { $after }.
admin-lang-changed = صار { $handle } يقرأ Haul بـ{ $language }.
admin-lang-cleared = صار { $handle } يقرأ Haul بلغة هاتفه.
admin-link-label = رابط لمرة واحدة
admin-link-copy = انسخه لترسله: المس الخانة لتحديد الرابط كله، ثم انسخه. لا تفتحه بنفسك: فهو يعمل مرة واحدة فقط.
admin-link-made = أُنشئ رابط جديد لكلمة مرور { $handle }؛ الروابط الأقدم لم تعد تعمل.
admin-deactivate-title = إيقاف حساب { $handle }؟
admin-deactivate-what = سيُسجَّل خروج { $handle } فورًا من كل هاتف، وتتوقف رموز API الخاصة به. لن يستطيع تسجيل الدخول مجددًا.
admin-deactivate-history = ما سجّله يبقى في السجل.
admin-deactivate-confirm = إيقاف الحساب
admin-deactivated = أُوقف حساب { $handle }: سُجّل خروجه من كل مكان.

## الشاحنات
admin-vans-title = الشاحنات
admin-vans-none = لا توجد شاحنة في الخدمة بعد.
admin-van-add = إضافة شاحنة
admin-capacity-label = حجم الحمولة (لتر)
admin-payload-label = وزن الحمولة (كغ)
admin-van-add-button = إضافة الشاحنة
admin-vans-retired = خارج الخدمة
admin-van-line = { $capacity } لتر، { $payload } كغ
admin-van-added = أُضيفت الشاحنة { $name }: { $line }.
admin-van-saved = حُفظت { $name }: { $line }.
admin-van-is-retired = خارج الخدمة: تبقى في سجل رحلاتها.
admin-retire-heading = إخراج من الخدمة
admin-retire-what = الشاحنة الخارجة من الخدمة تختفي من نماذج الرحلات وخططها؛ رحلاتها تبقى في السجل.
admin-retire-button = إخراج { $name } من الخدمة…
admin-retire-title = إخراج { $name } من الخدمة؟
admin-retire-restated = تخرج { $name } نهائيًا من نماذج الرحلات وخططها. رحلاتها السابقة تبقى في السجل.
admin-retire-confirm = إخراج من الخدمة
admin-van-retired = أُخرجت { $name } من الخدمة.

## المستودعات والمواقع
admin-places-title = المستودعات والمواقع
admin-places-warehouses = المستودعات
admin-places-sites = المواقع (بأسمائها الرمزية)
admin-place-add-warehouse = إضافة مستودع
admin-place-add-site = إضافة موقع
admin-place-add = إضافة مستودع أو موقع
admin-kind-label = النوع
admin-kind-choose = اختر…
admin-place-name-label = الاسم (للموقع: اسمه الرمزي)
admin-address-label = العنوان (اختياري؛ لا يراه إلا المنسقون والسائقون)
admin-region-label = المنطقة (اختياري)
admin-place-add-button = إضافة
admin-places-archived = في الأرشيف
admin-warehouse-added = أُضيف المستودع { $name }.
admin-site-added = أُضيف الموقع { $name }.
admin-code-name-label = الاسم الرمزي
admin-address-edit-label = العنوان (لا يراه إلا المنسقون والسائقون؛ اتركه فارغًا لحذفه)
admin-region-edit-label = المنطقة
admin-place-is-archived = في الأرشيف: يبقى في السجل.
admin-changed-name = الاسم { $before } ← { $after }
admin-changed-address = العنوان
admin-changed-region = المنطقة
admin-place-saved = حُفظ { $name }: { $changes }.
admin-archive-heading = الأرشفة
admin-archive-what = المكان المؤرشف يختفي من النماذج والخطط؛ ما جرى فيه يبقى في السجل.
admin-archive-button = أرشفة { $name }…
admin-archive-title = أرشفة { $name }؟
admin-archive-restated-warehouse = يخرج المستودع { $name } نهائيًا من النماذج والخطط. ما جرى فيه يبقى في السجل.
admin-archive-restated-site = يخرج الموقع { $name } نهائيًا من النماذج والخطط. ما جرى فيه يبقى في السجل.
admin-archive-confirm = أرشفة
admin-warehouse-archived = أُرشف المستودع { $name }.
admin-site-archived = أُرشف الموقع { $name }.

## الكتالوج
admin-catalogue-title = الكتالوج
admin-category-no-name = لا اسم بعد
admin-category-named = { $language }:
admin-catalogue-names = لكل فئة اسم يظهر بالإنجليزية وبأي لغة ليس لها فيها اسم خاص، ويمكن أن يكون لها اسم خاص بالفرنسية وآخر بالعربية.
admin-category-name-label = الاسم
admin-category-name-fr-label = الاسم بالفرنسية (اختياري)
admin-category-name-ar-label = الاسم بالعربية (اختياري)
admin-unit-volume-label = حجم القطعة الواحدة (لتر)
admin-unit-weight-label = وزن القطعة الواحدة (كغ)
admin-group-label = المجموعة
admin-dangerous-label = بضائع خطرة (مثل الغاز)
admin-dangerous = بضائع خطرة
admin-category-line = { $volume } لتر، { $weight } كغ
admin-category-add = إضافة فئة
admin-category-add-button = إضافة الفئة
admin-category-added = أُضيفت { $name } إلى مجموعة { $group }.
admin-category-saved = حُفظت { $name }: { $line }، { $group }.

## ما يرفضه النموذج، بجانب الحقل
admin-error-name-van = أعطِ الشاحنة اسمًا
admin-error-name-warehouse = أعطِ المستودع اسمًا
admin-error-name-site = أعطِ الموقع اسمًا رمزيًا
admin-error-name-place = أعطِ المكان اسمًا
admin-error-name-category = أعطِ الفئة اسمًا
admin-error-too-long = هذا طويل جدًا: { $max } حرفًا على الأكثر
admin-error-control = حروف وأرقام وعلامات ترقيم فقط، من فضلك: بلا مسافات جدولة ولا أسطر جديدة
admin-error-phone = لا تكتب أرقام هواتف: لا يحتفظ Haul بأي سجل عن الأشخاص الذين يخدمهم
admin-error-email = لا تكتب عناوين بريد إلكتروني: لا يحتفظ Haul بأي سجل عن الأشخاص الذين يخدمهم
admin-error-capacity = يجب أن يكون حجم الحمولة أكثر من 0 وألا يتجاوز { $max } لتر
admin-error-capacity-number = اكتب حجم الحمولة باللتر، مثل 9000
admin-error-payload = يجب أن يكون وزن الحمولة أكثر من 0 وألا يتجاوز { $max } كغ
admin-error-payload-number = اكتب وزن الحمولة بالكيلوغرام، مثل 1200
admin-error-unit-volume = يجب أن يكون حجم القطعة الواحدة أكثر من 0 وألا يتجاوز { $max } لتر
admin-error-unit-volume-number = اكتب حجم القطعة الواحدة باللتر، مثل 1.5
admin-error-unit-weight = يجب أن يكون وزن القطعة الواحدة أكثر من 0 وألا يتجاوز { $max } كغ
admin-error-unit-weight-number = اكتب وزن القطعة الواحدة بالكيلوغرام، مثل 0.4
admin-error-code = الاسم المختصر حروف لاتينية صغيرة من a إلى z وأرقام وشَرطات مفردة، مثل tent-2p
admin-error-code-from-name = اكتب اسمًا مختصرًا: لا يستطيع Haul أن يصنعه من هذا الاسم (حروف لاتينية صغيرة من a إلى z وأرقام وشَرطات، مثل heron)
admin-error-code-taken = الاسم المختصر { $code } مستخدم من قبل: اختر غيره
admin-error-name-taken-van = توجد شاحنة باسم { $name } من قبل: اختر اسمًا آخر
admin-error-name-taken-place = يوجد مستودع أو موقع باسم { $name } من قبل: اختر اسمًا آخر
admin-error-name-taken-category = توجد فئة باسم { $name } من قبل: اختر اسمًا آخر
admin-error-kind = اختر مستودعًا أو موقعًا
admin-error-group = اختر مجموعة من القائمة
admin-error-handle = اسم المستخدم من 2 إلى 32 حرفًا لاتينيًا صغيرًا أو رقمًا أو نقطة أو شَرطة أو شَرطة سفلية: لقب، لا الاسم الحقيقي
admin-error-handle-taken = اسم المستخدم { $handle } مأخوذ: اختر غيره
admin-error-role = اختر دورًا من القائمة
admin-error-lang = اختر لغة من القائمة

## ما ترفضه القواعد
admin-refused-no-volunteer = لا يوجد متطوع باسم { $handle }
admin-refused-deactivated = حساب { $handle } موقوف
admin-refused-last-coordinator = { $handle } آخر من يتولى التنسيق: أعطِ هذا الدور لشخص آخر أولًا
admin-refused-deactivate-self = لا يمكنك إيقاف حسابك بنفسك: اطلب ذلك من منسق آخر
admin-refused-van-retired = { $name } خارج الخدمة
admin-refused-van-on-run = لدى { $name } الرحلة رقم { $run } قيد التنفيذ: أنهِها أولًا
admin-refused-van-carries = ما زالت { $name } تحمل أغراضًا: أرجِعها أولًا
admin-refused-place-archived = { $name } في الأرشيف من قبل
admin-refused-place-holds = { $n ->
    [zero] لا يحتوي { $name } على أي قطعة
    [one] ما زال { $name } يحتوي على قطعة واحدة: انقلها أو أخرجها من المخزون أولًا
    [two] ما زال { $name } يحتوي على قطعتين: انقلهما أو أخرجهما من المخزون أولًا
    [few] ما زال { $name } يحتوي على { $n } قطع: انقلها أو أخرجها من المخزون أولًا
   *[other] ما زال { $name } يحتوي على { $n } قطعة: انقلها أو أخرجها من المخزون أولًا
}
admin-refused-place-on-run = { $name } جزء من رحلة قيد التنفيذ: أنهِ الرحلة أولًا

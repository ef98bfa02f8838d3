# صفحة المخزون، وأسماء الحالات حيثما يُعرض المخزون.
stock-title = المخزون
stock-location = المكان
stock-all-locations = كل الأماكن
stock-warehouses = المستودعات
stock-sites = المواقع
stock-vans = الشاحنات
stock-category = الفئة
stock-all-categories = كل الفئات
stock-condition = الحالة
stock-any-condition = أي حالة
stock-show = عرض
stock-offer-partner = عرض على مجموعة شريكة
stock-none = لا يوجد مخزون مطابق.
stock-kind-items = { $kind ->
    [warehouse] مستودع
    [site] موقع
    [van] شاحنة
    [partner] (شريك)
   *[other] { $kind }
} · { $n ->
    [zero] لا قطع
    [one] قطعة واحدة
    [two] قطعتان
    [few] { $n } قطع
   *[other] { $n } قطعة
}
stock-col-category = الفئة
stock-col-condition = الحالة
stock-col-qty = الكمية

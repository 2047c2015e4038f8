# ruff: noqa: E501  (hand-written sentences of the evaluation set; wrapping them hurts review)
"""Hand-written clusters, part D: more crops, livestock, village services. See clusters_a."""

CLUSTERS_D = [
    {
        "key": "tikus_sawah",
        "themes": ["hama"],
        "where": "53.18",
        "happened": [
            "Hama tikus menyerang sawah pada malam hari, batang padi dipotong dan malai habis.",
            "Populasi tikus meledak setelah panen jagung dan menyerang persemaian padi.",
            "Tikus sawah merusak hampir separuh petak padi di hamparan dekat kali.",
            "Petani menemukan banyak lubang tikus di pematang, padi yang mulai bunting dipotong-potong.",
        ],
        "why": [
            "Pematang lebar dan semak di sekitar sawah menjadi sarang tikus.",
            "Pengendalian dilakukan sendiri-sendiri, tikus pindah ke petak tetangga.",
        ],
        "tried": [
            (
                "Kelompok melakukan gropyokan serentak dan pengemposan lubang tikus sebelum tanam. Kerusakan turun banyak.",
                "berhasil",
            ),
            (
                "Petani memasang umpan racun. Banyak tikus mati, tetapi ayam warga juga ikut mati.",
                "sebagian",
            ),
        ],
        "queries": [
            "tikus merusak padi di sawah, malai habis",
        ],
    },
    {
        "key": "kumbang_kelapa",
        "themes": ["hama"],
        "where": "81.05",
        "happened": [
            "Pucuk pohon kelapa rusak seperti digunting akibat kumbang badak, produksi buah menurun.",
            "Banyak pohon kelapa tua mati karena pucuknya dilubangi kumbang.",
            "Serangan kumbang pada kelapa muda menyebabkan daun patah berbentuk segitiga.",
        ],
        "why": [
            "Batang kelapa yang tumbang dan tumpukan sampah organik dibiarkan menjadi tempat berkembang biak larva.",
        ],
        "tried": [
            (
                "Warga membersihkan dan membakar batang kelapa lapuk dan memasang perangkap feromon. Serangan baru berkurang.",
                "berhasil",
            ),
            (
                "Petani memasukkan garam dan pasir ke ketiak daun kelapa. Hasilnya tidak jelas.",
                "belum_diketahui",
            ),
        ],
        "queries": [
            "pucuk kelapa rusak kena kumbang",
        ],
    },
    {
        "key": "pisang_layu",
        "themes": ["hama"],
        "where": "both",
        "happened": [
            "Tanaman pisang layu dan daunnya menguning, buahnya busuk di dalam berwarna kemerahan.",
            "Penyakit layu menghabiskan kebun pisang kepok warga, tandan tidak bisa dijual.",
            "Batang pisang membusuk dan mengeluarkan lendir, penyakit menyebar ke seluruh kebun.",
        ],
        "why": [
            "Anakan pisang dari kebun sakit dipakai sebagai bibit baru dan alat potong tidak dibersihkan.",
        ],
        "tried": [
            (
                "Rumpun yang sakit dibongkar dan dibakar, jantung pisang dipotong setelah buah terakhir keluar, alat dibersihkan. Penyakit tidak menyebar ke kebun baru.",
                "berhasil",
            ),
            (
                "Petani pindah menanam pisang di lahan baru. Setelah dua tahun penyakit muncul lagi.",
                "tidak",
            ),
        ],
        "queries": [
            "pisang layu, buah busuk dalamnya merah",
        ],
    },
    {
        "key": "kuda_sakit",
        "themes": ["peternakan"],
        "where": "53.18",
        "happened": [
            "Beberapa ekor kuda warga lemas, kurus dan mati setelah demam berulang, diduga penyakit surra.",
            "Kuda pacu dan kuda beban di kampung mati satu per satu, kaki bengkak dan mata berair.",
            "Kuda-kuda di padang mendadak kurus dan lemah padahal rumput cukup.",
        ],
        "why": [
            "Lalat penghisap darah banyak di musim hujan dan kuda tidak pernah diperiksa petugas.",
        ],
        "tried": [
            (
                "Petugas keswan mengambil sampel darah dan mengobati kuda sakit; kuda sehat dipisahkan. Kematian berhenti.",
                "berhasil",
            ),
            ("Pemilik memberi jamu tradisional. Kuda tetap mati.", "tidak"),
        ],
        "queries": [
            "kuda warga lemas kurus lalu mati",
        ],
    },
    {
        "key": "babi_pakan_mahal",
        "themes": ["peternakan", "bumdes"],
        "where": "53.18",
        "happened": [
            "Harga dedak dan konsentrat naik sehingga beternak babi tidak lagi menguntungkan.",
            "Kelompok ternak babi kehabisan pakan karena dedak dari penggilingan dijual ke luar desa.",
            "Peternak babi kesulitan pakan saat kemarau karena ubi dan batang pisang habis.",
        ],
        "why": [
            "Pakan dibeli eceran di kota dengan ongkos angkut tinggi.",
        ],
        "tried": [
            (
                "Kelompok membuat pakan fermentasi dari batang pisang, dedak dan ampas tahu. Biaya pakan turun sepertiga.",
                "berhasil",
            ),
            (
                "BUMDes membeli dedak dalam jumlah besar untuk dijual ke anggota. Harga lebih murah tetapi stok cepat habis.",
                "sebagian",
            ),
        ],
        "queries": [
            "pakan babi mahal, dedak susah dicari",
        ],
    },
    {
        "key": "blt_sasaran",
        "themes": ["keuangan_desa", "kelembagaan"],
        "where": "both",
        "happened": [
            "Warga protes karena penerima BLT Dana Desa dianggap tidak tepat sasaran, ada keluarga perangkat yang menerima.",
            "Data penerima bantuan langsung tunai tumpang tindih dengan penerima PKH sehingga pencairan ditahan.",
            "Keluarga miskin yang lanjut usia tidak masuk daftar BLT sementara keluarga mampu masuk.",
            "Penyaluran BLT-DD ditunda karena data penerima belum ditetapkan dalam musyawarah desa khusus.",
        ],
        "why": [
            "Pendataan dilakukan oleh kepala dusun sendiri tanpa verifikasi di musyawarah.",
            "Data DTKS lama dan tidak diperbarui.",
        ],
        "tried": [
            (
                "Desa mengadakan musyawarah desa khusus dan menempel daftar calon penerima di tempat umum untuk disanggah warga. Protes berkurang.",
                "berhasil",
            ),
            (
                "Daftar diperbaiki oleh pendamping desa bersama operator DTKS. Sebagian nama ganda terhapus.",
                "sebagian",
            ),
        ],
        "queries": [
            "BLT DD tdk tepat sasaran, warga protes",
        ],
    },
    {
        "key": "laporan_bumdes",
        "themes": ["bumdes", "keuangan_desa"],
        "where": "both",
        "happened": [
            "BUMDes tidak pernah menyampaikan laporan keuangan kepada musyawarah desa, warga curiga modal disalahgunakan.",
            "Pembukuan BUMDes hanya di buku tulis dan tidak bisa dicocokkan dengan uang kas.",
            "Pengurus BUMDes tidak bisa menjelaskan ke mana keuntungan unit usaha selama dua tahun.",
        ],
        "why": [
            "Pengurus tidak tahu cara membuat pembukuan sederhana dan tidak ada pengawas yang aktif.",
        ],
        "tried": [
            (
                "Pengurus dilatih pembukuan kas harian oleh pendamping dan laporan dibacakan di musdes tiap semester. Kepercayaan warga kembali.",
                "berhasil",
            ),
            (
                "Inspektorat memeriksa BUMDes. Ditemukan selisih, pengurus diminta mengembalikan.",
                "sebagian",
            ),
        ],
        "queries": [
            "bumdes tdk ada laporan keuangan, warga curiga",
        ],
    },
    {
        "key": "bom_ikan",
        "themes": ["perikanan", "kelembagaan"],
        "where": "81.05",
        "happened": [
            "Nelayan dari luar menangkap ikan dengan bom dan racun di karang dekat desa.",
            "Terumbu karang rusak dan ikan karang makin sedikit akibat penangkapan dengan potasium.",
            "Hasil tangkapan nelayan pancing turun karena kapal luar memakai bahan peledak.",
        ],
        "why": [
            "Tidak ada pengawasan laut dan warga takut melapor.",
        ],
        "tried": [
            (
                "Desa membentuk kelompok masyarakat pengawas (pokmaswas) dan menghidupkan sasi laut. Pemboman berkurang.",
                "berhasil",
            ),
            ("Laporan ke polair. Petugas datang sekali, pelaku sudah pergi.", "tidak"),
        ],
        "queries": [
            "kapal luar bom ikan di karang dekat kampung",
        ],
    },
    {
        "key": "alsintan_rusak",
        "themes": ["keterampilan", "bumdes"],
        "where": "53.18",
        "happened": [
            "Traktor tangan bantuan untuk kelompok tani rusak setelah satu musim dan tidak ada yang bisa memperbaiki.",
            "Mesin perontok padi bantuan dinas tidak dipakai karena tidak ada operator dan BBM.",
            "Hand traktor kelompok dipakai oleh ketua untuk kepentingan sendiri, anggota lain tidak kebagian.",
        ],
        "why": [
            "Tidak ada aturan pemakaian, biaya sewa dan perawatan alat.",
        ],
        "tried": [
            (
                "Alat diserahkan ke BUMDes dan disewakan dengan tarif per petak; sebagian sewa untuk servis. Alat terawat dan dipakai bergiliran.",
                "berhasil",
            ),
            (
                "Ketua kelompok diganti. Pemakaian lebih adil, tetapi traktor tetap rusak karena tidak ada bengkel.",
                "sebagian",
            ),
        ],
        "queries": [
            "traktor bantuan kelompok rusak tdk ada yg bisa perbaiki",
        ],
    },
    {
        "key": "sampah_pantai_kampung",
        "themes": ["lainnya"],
        "where": "both",
        "happened": [
            "Sampah plastik menumpuk di pesisir kampung dan terbawa ke laut setiap air pasang.",
            "Warga membuang sampah ke kali karena tidak ada tempat pembuangan di desa.",
            "Tumpukan sampah di belakang pasar desa berbau dan dikerubungi lalat.",
        ],
        "why": [
            "Tidak ada pengangkutan sampah dan kebiasaan membuang sampah sembarangan.",
        ],
        "tried": [
            (
                "Desa membuat bank sampah bersama PKK; plastik dikumpulkan dan dijual ke pengepul. Pantai lebih bersih.",
                "sebagian",
            ),
            (
                "Perdes larangan membuang sampah ke kali dengan denda. Belum ditegakkan.",
                "belum_diketahui",
            ),
        ],
        "queries": [
            "sampah plastik menumpuk di pantai kampung",
        ],
    },
    {
        "key": "pemuda_merantau",
        "themes": ["kelembagaan", "keterampilan"],
        "where": "both",
        "happened": [
            "Banyak pemuda merantau ke Kalimantan dan Malaysia sehingga tenaga kerja kebun di desa tinggal orang tua.",
            "Kelompok tani kekurangan anggota muda, pengurus semuanya sudah tua.",
            "Anak muda tidak tertarik bertani dan memilih menjadi tukang ojek di kota.",
        ],
        "why": [
            "Bertani dianggap tidak menghasilkan uang tunai dan tidak ada lapangan kerja lain di desa.",
        ],
        "tried": [
            (
                "Desa mendukung kelompok pemuda dengan usaha hortikultura cabai dan tomat yang cepat panen. Beberapa pemuda bertahan di desa.",
                "sebagian",
            ),
            (
                "Karang taruna dihidupkan kembali dengan kegiatan olahraga. Tidak berpengaruh pada minat bertani.",
                "tidak",
            ),
        ],
        "queries": [
            "anak muda merantau, tdk ada yg mau bertani",
        ],
    },
]
